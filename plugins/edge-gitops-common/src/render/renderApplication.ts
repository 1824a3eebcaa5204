import { renderKustomization, toYaml } from '../layout/nodeGroupFiles';
import { resolveForNodeGroup } from '../model/targets';
import type { EdgeApplication, KubernetesObject } from '../model/types';
import type { NodeGroup } from '../nodeGroup';
import { renderManifest, renderService, renderWorkload } from './workloads';

/**
 * Files of one application in one node group, keyed by path relative to apps/<app>/.
 *
 * @public
 */
export type RenderedFiles = Map<string, string>;

/** application.yaml is the same in every node group: serialised once per document. */
const publishedDocument = new WeakMap<EdgeApplication, string>();
function applicationYaml(app: EdgeApplication): string {
  let text = publishedDocument.get(app);
  if (text === undefined) {
    text = toYaml(app);
    publishedDocument.set(app, text);
  }
  return text;
}

/** Plain code-unit order, the same on every machine and locale. */
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/** File name of a rendered object inside apps/<app>/ (see docs/node-groups.md). */
function fileFor(obj: KubernetesObject, service?: string): string {
  if (service) return `${service}.${obj.kind.toLowerCase()}.yaml`;
  // YAML-mode objects live in their own folder so they never collide with service files.
  return `manifests/${obj.kind.toLowerCase()}.${obj.metadata.name}.yaml`;
}

/**
 * Renders a valid application for one node group. Deterministic: the same input gives
 * byte-identical files, in a stable order, so a re-publish with no change makes no commit.
 *
 * @public
 */
export function renderApplicationForNodeGroup(
  app: EdgeApplication,
  group: NodeGroup,
): RenderedFiles {
  const resolved = resolveForNodeGroup(app, group);
  const objects: [string, KubernetesObject][] = [];
  for (const service of resolved.services) {
    const workload = renderWorkload(resolved, service);
    objects.push([fileFor(workload, service.name), workload]);
    const svc = renderService(resolved, service);
    if (svc) objects.push([fileFor(svc, service.name), svc]);
  }
  for (const manifest of app.spec.manifests ?? []) {
    const obj = renderManifest(resolved, manifest);
    objects.push([fileFor(obj), obj]);
  }
  const files: RenderedFiles = new Map();
  for (const [name, obj] of objects.sort(byKey)) {
    files.set(name, toYaml(obj));
  }
  files.set('kustomization.yaml', renderKustomization([...files.keys()]));
  files.set('application.yaml', applicationYaml(app));
  return new Map([...files.entries()].sort(byKey));
}
