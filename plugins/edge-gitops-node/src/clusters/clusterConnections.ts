import fs from 'node:fs';
import type { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * How to reach one node group's cluster (`edgeGitops.clusters.<nodeGroup>`).
 *
 * @public
 */
export type ClusterConnectionConfig =
  | {
      nodeGroup: string;
      url: string;
      caData?: string;
      skipTLSVerify?: boolean;
      serviceAccountToken?: string;
      serviceAccountTokenFile?: string;
    }
  | { nodeGroup: string; kubeconfigFile: string; kubeconfigContext?: string };

/**
 * Reads `edgeGitops.clusters`, keyed by node group name; a bad entry names its field.
 *
 * @public
 */
export function readClusterConnections(
  config: Config,
): ClusterConnectionConfig[] {
  const section = config.getOptionalConfig('edgeGitops.clusters');
  if (!section) return [];
  return section.keys().map(nodeGroup => {
    const c = section.getConfig(nodeGroup);
    const kubeconfigFile = c.getOptionalString('kubeconfigFile');
    if (kubeconfigFile)
      return {
        nodeGroup,
        kubeconfigFile,
        kubeconfigContext: c.getOptionalString('kubeconfigContext'),
      };
    const url = c.getOptionalString('url');
    if (!url)
      throw new Error(
        `edgeGitops.clusters.${nodeGroup}: needs url (with a token) or kubeconfigFile`,
      );
    return {
      nodeGroup,
      url,
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      serviceAccountTokenFile: c.getOptionalString('serviceAccountTokenFile'),
    };
  });
}

/**
 * client-node builds a new undici Agent, and with it a new TLS context, for every request.
 * A cluster's TLS settings never change, so one Agent per KubeConfig serves all its
 * requests: one TLS context per cluster, pooled connections, far less memory per cluster;
 * with HTTP/2, one connection per cluster.
 */
function shareDispatcher(kc: KubeConfig): KubeConfig {
  const internals = kc as unknown as {
    createDispatcher: (...args: unknown[]) => unknown;
    createDispatcherOptions: (...args: unknown[]) => {
      type: string;
      connect?: object;
    };
  };
  const create = internals.createDispatcher.bind(kc);
  let shared: unknown;
  internals.createDispatcher = (...args) => {
    if (shared) return shared;
    const dispatcher = create(...args) as { constructor: any } | undefined;
    const opts = internals.createDispatcherOptions(...args);
    // A plain TLS agent speaks HTTP/2 when the API server offers it (Kubernetes does): every
    // watch of the cluster becomes a stream of one connection instead of a connection each.
    // Built with client-node's own undici Agent class, so fetch and dispatcher match.
    shared =
      opts.type === 'agent' && dispatcher
        ? new dispatcher.constructor({ connect: opts.connect, allowH2: true })
        : dispatcher;
    return shared;
  };
  return kc;
}

/**
 * A KubeConfig for `@kubernetes/client-node`; a token file is read now, so rotation needs a reconnect.
 *
 * @public
 */
export function kubeConfigFor(connection: ClusterConnectionConfig): KubeConfig {
  const kc = shareDispatcher(new KubeConfig());
  if ('kubeconfigFile' in connection) {
    kc.loadFromFile(connection.kubeconfigFile);
    if (connection.kubeconfigContext)
      kc.setCurrentContext(connection.kubeconfigContext);
    return kc;
  }
  const token =
    connection.serviceAccountToken ??
    (connection.serviceAccountTokenFile
      ? fs.readFileSync(connection.serviceAccountTokenFile, 'utf8').trim()
      : undefined);
  kc.loadFromOptions({
    clusters: [
      {
        name: connection.nodeGroup,
        server: connection.url,
        caData: connection.caData,
        skipTLSVerify: connection.skipTLSVerify ?? false,
      },
    ],
    users: [{ name: 'edge-gitops', token }],
    contexts: [
      {
        name: connection.nodeGroup,
        cluster: connection.nodeGroup,
        user: 'edge-gitops',
      },
    ],
    currentContext: connection.nodeGroup,
  });
  return kc;
}

/**
 * The KubeConfig of a reporter: the ServiceAccount of the pod it runs in (in-cluster
 * credentials), or a kubeconfig file (outside a cluster, for a test).
 *
 * @public
 */
export function reporterKubeConfig(kubeconfigFile?: string): KubeConfig {
  const kc = shareDispatcher(new KubeConfig());
  if (kubeconfigFile) kc.loadFromFile(kubeconfigFile);
  else kc.loadFromCluster();
  return kc;
}
