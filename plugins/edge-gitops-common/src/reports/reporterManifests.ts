import { LABEL_NAME, LABEL_NODE_GROUP } from '../constants';
import { renderKustomization, toYaml } from '../layout/nodeGroupFiles';

/**
 * Where the reporter runs; the Secret holding its token is created there by hand, never in git.
 *
 * @public
 */
export const REPORTER_NAMESPACE = 'edge-gitops-system';
/** @public */
export const REPORTER_TOKEN_SECRET = 'edge-gitops-reporter-token';

/**
 * What the reporter reads, and nothing more: the objects the watcher lists and watches
 * (edge-gitops' workloads, their pods and Warning events, the GitOps agents' objects).
 */
const READ_ONLY_RULES = [
  { apiGroups: [''], resources: ['pods', 'events'] },
  { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
  { apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'] },
  { apiGroups: ['argoproj.io'], resources: ['applications'] },
].map(r => ({ ...r, verbs: ['get', 'list', 'watch'] }));

/**
 * The manifests that run a node group's reporter in its cluster: a namespace, a
 * ServiceAccount bound to a read-only ClusterRole, and a Deployment running
 * `edge-gitops report` with in-cluster credentials. The token comes from the Secret
 * `edge-gitops-reporter-token` (key `token`), created in the cluster by hand.
 *
 * @public
 */
export function reporterManifests(
  nodeGroup: string,
  opts: { backendUrl: string; image: string; intervalSeconds?: number },
): Record<string, any>[] {
  const labels = {
    [LABEL_NAME]: 'edge-gitops-reporter',
    [LABEL_NODE_GROUP]: nodeGroup,
  };
  const metadata = (name: string, namespaced = true) => ({
    name,
    ...(namespaced ? { namespace: REPORTER_NAMESPACE } : {}),
    labels,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: metadata(REPORTER_NAMESPACE, false),
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: metadata('edge-gitops-reporter'),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: metadata('edge-gitops-reporter', false),
      rules: READ_ONLY_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: metadata('edge-gitops-reporter', false),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'edge-gitops-reporter',
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          name: 'edge-gitops-reporter',
          namespace: REPORTER_NAMESPACE,
        },
      ],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata('edge-gitops-reporter'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { [LABEL_NAME]: 'edge-gitops-reporter' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'edge-gitops-reporter',
            containers: [
              {
                name: 'reporter',
                image: opts.image,
                args: [
                  'report',
                  '--backend',
                  opts.backendUrl,
                  '--node-group',
                  nodeGroup,
                  '--token-file',
                  '/var/run/edge-gitops/token',
                  '--interval',
                  String(opts.intervalSeconds ?? 30),
                ],
                resources: {
                  requests: { cpu: '10m', memory: '64Mi' },
                  limits: { memory: '256Mi' },
                },
                securityContext: {
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  {
                    name: 'token',
                    mountPath: '/var/run/edge-gitops',
                    readOnly: true,
                  },
                ],
              },
            ],
            volumes: [
              { name: 'token', secret: { secretName: REPORTER_TOKEN_SECRET } },
            ],
          },
        },
      },
    },
  ];
}

/**
 * Where publishing places the reporter in a node group's folder when
 * `edgeGitops.reporters.enabled` is set, so the node group's GitOps agent installs it.
 *
 * @public
 */
export const REPORTER_FOLDER = 'system/edge-gitops-reporter';

/**
 * The reporter's folder as files (relative to REPORTER_FOLDER): one file per object and a
 * kustomization listing them.
 *
 * @public
 */
export function renderReporterFolder(
  nodeGroup: string,
  opts: { backendUrl: string; image: string; intervalSeconds?: number },
): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of reporterManifests(nodeGroup, opts))
    files.set(`${m.kind.toLowerCase()}.${m.metadata.name}.yaml`, toYaml(m));
  files.set('kustomization.yaml', renderKustomization([...files.keys()]));
  return files;
}
