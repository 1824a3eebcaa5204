import fs from 'node:fs';
import type { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';

/** How to reach one node group's cluster (`edgeGitops.clusters.<nodeGroup>`). */
export type ClusterConnection =
  | {
      nodeGroup: string;
      url: string;
      caData?: string;
      skipTLSVerify?: boolean;
      serviceAccountToken?: string;
      serviceAccountTokenFile?: string;
    }
  | { nodeGroup: string; kubeconfigFile: string; kubeconfigContext?: string };

/** Reads `edgeGitops.clusters`, keyed by node group name; a bad entry names its field. */
export function readClusterConnections(config: Config): ClusterConnection[] {
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

/** A KubeConfig for @kubernetes/client-node; a token file is read now, so rotation needs a reconnect. */
export function kubeConfigFor(connection: ClusterConnection): KubeConfig {
  const kc = new KubeConfig();
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
