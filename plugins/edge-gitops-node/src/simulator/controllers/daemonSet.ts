import type { KubeObject } from '../kubeApi/objectStore';
import { unfitReason } from '../scheduling';
import {
  ClusterContext,
  intOrPercent,
  isFinished,
  isReady,
  ownedBy,
  podFromTemplate,
  randomSuffix,
  templateHash,
  updateStatus,
} from './context';

const HASH = 'controller-revision-hash';

/**
 * DaemonSets run one pod on every node their nodeSelector, node affinity and tolerations
 * allow; pods on nodes that no longer fit are removed. A changed template replaces pods
 * maxUnavailable at a time (OnDelete: only when someone deletes them).
 */
export function reconcileDaemonSets(ctx: ClusterContext): void {
  for (const ds of ctx.store.list('apps/v1', 'DaemonSet')) reconcile(ctx, ds);
}

function reconcile(ctx: ClusterContext, ds: KubeObject) {
  const template = ds.spec?.template;
  const hash = templateHash(template);
  const eligible = new Set(
    ctx.nodes
      .filter(n => !unfitReason(template?.spec, n))
      .map(n => n.metadata.name),
  );
  const pods = ownedBy(ctx, 'v1', 'Pod', ds).filter(p => !isFinished(p));
  const remove = (p: KubeObject) => {
    ctx.store.remove('v1', 'Pod', p.metadata.namespace, p.metadata.name);
    ctx.events.record(
      ds,
      'Normal',
      'SuccessfulDelete',
      `Deleted pod: ${p.metadata.name}`,
      'daemonset-controller',
    );
  };
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const node = p.spec?.nodeName as string;
    if (!eligible.has(node)) remove(p);
    else byNode.set(node, [...(byNode.get(node) ?? []), p]);
  }
  for (const node of eligible) {
    if (byNode.get(node)?.length) continue;
    const pod = ctx.store.apply(
      podFromTemplate(
        ds,
        template,
        `${ds.metadata.name}-${randomSuffix()}`,
        { [HASH]: hash },
        node,
      ),
    )!;
    byNode.set(node, [pod]);
    ctx.events.record(
      ds,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${pod.metadata.name}`,
      'daemonset-controller',
    );
  }
  const current = [...byNode.values()].map(list => list[0]);
  if (ds.spec?.updateStrategy?.type !== 'OnDelete') {
    const maxUnavailable = Math.max(
      1,
      intOrPercent(
        ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable,
        eligible.size,
        '1',
        true,
      ),
    );
    let unavailable = current.filter(p => !isReady(p)).length;
    // Outdated pods that are not ready go first; then ready ones while the budget allows.
    const outdated = current
      .filter(p => p.metadata.labels?.[HASH] !== hash)
      .sort((a, b) => Number(isReady(a)) - Number(isReady(b)));
    for (const p of outdated) {
      if (isReady(p)) {
        if (unavailable >= maxUnavailable) break;
        unavailable++;
      }
      remove(p);
    }
  }
  const live = ownedBy(ctx, 'v1', 'Pod', ds).filter(p => !isFinished(p));
  const ready = live.filter(isReady).length;
  updateStatus(ctx, ds, {
    observedGeneration: ds.metadata.generation,
    desiredNumberScheduled: eligible.size,
    currentNumberScheduled: live.length,
    numberMisscheduled: 0,
    numberReady: ready,
    numberAvailable: ready,
    ...(eligible.size - ready > 0
      ? { numberUnavailable: eligible.size - ready }
      : {}),
    updatedNumberScheduled: live.filter(p => p.metadata.labels?.[HASH] === hash)
      .length,
  });
}
