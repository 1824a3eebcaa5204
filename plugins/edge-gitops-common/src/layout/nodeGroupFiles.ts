import { stringify } from 'yaml';
import type { NodeGroup } from '../nodeGroup';
import { LABEL_MANAGED_BY, LABEL_NODE_GROUP, MANAGED_BY } from '../constants';

/** Labels on the GitOps agent's objects: the backend reads the synced revision from them. */
const agentLabels = (group: NodeGroup) => ({
  [LABEL_MANAGED_BY]: MANAGED_BY,
  [LABEL_NODE_GROUP]: group.name,
});

/**
 * Serialises objects the same way everywhere, so equal input gives byte-identical files.
 *
 * @public
 */
export function toYaml(value: unknown): string {
  return stringify(value, {
    lineWidth: 0,
    sortMapEntries: false,
    aliasDuplicateObjects: false,
  });
}

/**
 * A kustomization listing `resources` (files or folders), as edge-gitops writes each one.
 *
 * @public
 */
export function renderKustomization(resources: readonly string[]): string {
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  });
}

/**
 * The root kustomization of a node group's git location: one entry per deployed application,
 * then the system folders edge-gitops places there (the reporter).
 *
 * @public
 */
export function renderRootKustomization(
  applications: readonly string[],
  system: readonly string[] = [],
): string {
  return renderKustomization([
    ...[...new Set(applications)].sort().map(app => `apps/${app}`),
    ...system,
  ]);
}

/**
 * Points Flux at a node group's folder; the GitRepository source is named edge-gitops.
 *
 * @public
 */
export function fluxKustomizationFor(group: NodeGroup) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'edge-gitops',
      namespace: 'flux-system',
      labels: agentLabels(group),
    },
    spec: {
      interval: '1m',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'edge-gitops' },
      path: group.git.path ? `./${group.git.path}` : './',
    },
  };
}

/**
 * The Flux source for a node group's repository.
 *
 * @public
 */
export function fluxGitRepositoryFor(
  group: NodeGroup,
  repoUrl = group.git.url,
) {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'edge-gitops', namespace: 'flux-system' },
    spec: { interval: '1m', url: repoUrl, ref: { branch: group.git.branch } },
  };
}

/**
 * Points Argo CD at a node group's folder, pruning what edge-gitops removes.
 *
 * @public
 */
export function argoApplicationFor(group: NodeGroup, repoUrl = group.git.url) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `edge-gitops-${group.name}`,
      namespace: 'argocd',
      labels: agentLabels(group),
    },
    spec: {
      project: 'default',
      source: {
        repoURL: repoUrl,
        targetRevision: group.git.branch,
        path: group.git.path || '.',
      },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

const readmeTitle = (nodeGroup: string) => `# Node group ${nodeGroup}`;
const README_SAYS_OURS =
  'This folder is written by edge-gitops: every publish rewrites `apps/<application>/`';

/**
 * Whether a README is the one edge-gitops writes for this node group's folder, whatever
 * the node group's description or sync settings were then.
 *
 * @public
 */
export function isNodeGroupReadme(text: string, nodeGroup: string): boolean {
  return (
    text.startsWith(`${readmeTitle(nodeGroup)}\n`) &&
    text.includes(README_SAYS_OURS)
  );
}

/**
 * README.md of a node group's git location: what it is and how to point a GitOps agent at it.
 *
 * @public
 */
export function renderNodeGroupReadme(group: NodeGroup): string {
  const fence = (value: unknown) => ['```yaml', toYaml(value).trimEnd(), '```'];
  return [
    readmeTitle(group.name),
    '',
    ...(group.description ? [group.description, ''] : []),
    README_SAYS_OURS,
    'and the `kustomization.yaml` beside this file. Change applications in Backstage, not here.',
    '',
    '## Sync it with Flux',
    '',
    ...fence(fluxGitRepositoryFor(group)),
    '',
    ...fence(fluxKustomizationFor(group)),
    '',
    '## Sync it with Argo CD',
    '',
    ...fence(argoApplicationFor(group)),
    '',
  ].join('\n');
}
