import type { ClusterContext } from './context';

/** Kinds whose objects a controller owns: deleting the owner deletes them (cascading). */
const OWNED: [string, string][] = [
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['v1', 'Pod'],
];

/** Removes objects whose controller is gone, as the garbage collector does (background deletion). */
export function collectGarbage(ctx: ClusterContext): void {
  const uids = new Set<string>();
  for (const [apiVersion, kind] of [
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'DaemonSet'],
    ['batch/v1', 'CronJob'],
    ...OWNED,
  ])
    for (const o of ctx.store.list(apiVersion, kind)) uids.add(o.metadata.uid!);
  for (const [apiVersion, kind] of OWNED)
    for (const o of ctx.store.list(apiVersion, kind)) {
      const owner = (o.metadata.ownerReferences ?? []).find(r => r.controller);
      if (owner && !uids.has(owner.uid)) {
        ctx.store.remove(
          apiVersion,
          kind,
          o.metadata.namespace,
          o.metadata.name,
        );
        uids.delete(o.metadata.uid!);
      }
    }
}
