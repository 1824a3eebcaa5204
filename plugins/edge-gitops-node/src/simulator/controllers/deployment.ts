import type { KubeObject } from '../kubeApi/objectStore';
import {
  ClusterContext,
  controllerRef,
  intOrPercent,
  isFinished,
  isReady,
  ownedBy,
  podFromTemplate,
  randomSuffix,
  templateHash,
  updateStatus,
  withCondition,
} from './context';

const HASH = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

const activePods = (ctx: ClusterContext, rs: KubeObject) =>
  ownedBy(ctx, 'v1', 'Pod', rs).filter(p => !isFinished(p));

/**
 * Deployments roll out through ReplicaSets: one per pod template (named by its hash), the
 * new one scaled up and the old ones down within maxSurge and maxUnavailable (Recreate:
 * old first). Status and conditions as the real controller writes them, including
 * ProgressDeadlineExceeded when a rollout stops making progress.
 */
export function reconcileDeployments(ctx: ClusterContext): void {
  for (const d of ctx.store.list('apps/v1', 'Deployment')) rollOut(ctx, d);
  for (const rs of ctx.store.list('apps/v1', 'ReplicaSet'))
    scaleReplicaSet(ctx, rs);
}

function rollOut(ctx: ClusterContext, d: KubeObject) {
  const desired: number = d.spec?.replicas ?? 1;
  const hash = templateHash(d.spec?.template);
  const sets = ownedBy(ctx, 'apps/v1', 'ReplicaSet', d);
  let current = sets.find(rs => rs.metadata.labels?.[HASH] === hash);
  const old = sets.filter(rs => rs !== current);
  if (!current) {
    const revision =
      Math.max(
        0,
        ...sets.map(rs => Number(rs.metadata.annotations?.[REVISION] ?? 0)),
      ) + 1;
    current = ctx.store.apply({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(d.spec?.template?.metadata?.labels ?? {}), [HASH]: hash },
        annotations: { [REVISION]: String(revision) },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas: 0,
        selector: {
          matchLabels: {
            ...(d.spec?.selector?.matchLabels ?? {}),
            [HASH]: hash,
          },
        },
        template: {
          ...d.spec?.template,
          metadata: {
            ...d.spec?.template?.metadata,
            labels: {
              ...(d.spec?.template?.metadata?.labels ?? {}),
              [HASH]: hash,
            },
          },
        },
      },
    })!;
    ctx.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${current.metadata.name} from 0 to ${desired}`,
      'deployment-controller',
    );
  }
  const pods = new Map(sets.map(rs => [rs.metadata.uid, activePods(ctx, rs)]));
  const podsOf = (rs: KubeObject) => pods.get(rs.metadata.uid) ?? [];
  const available = (rs: KubeObject) => podsOf(rs).filter(isReady).length;
  const scale = (rs: KubeObject, replicas: number) => {
    if ((rs.spec?.replicas ?? 0) !== replicas)
      ctx.store.apply({ ...rs, spec: { ...rs.spec, replicas } });
  };

  if (d.spec?.paused !== true) {
    if (d.spec?.strategy?.type === 'Recreate') {
      for (const rs of old) scale(rs, 0);
      const oldLeft = old.reduce((n, rs) => n + podsOf(rs).length, 0);
      scale(current, oldLeft === 0 ? desired : 0);
    } else {
      const rolling = d.spec?.strategy?.rollingUpdate ?? {};
      const maxSurge = intOrPercent(rolling.maxSurge, desired, '25%', true);
      let maxUnavailable = intOrPercent(
        rolling.maxUnavailable,
        desired,
        '25%',
        false,
      );
      if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
      const total = sets.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
      const newReplicas = current.spec?.replicas ?? 0;
      const up = Math.min(
        desired,
        newReplicas + Math.max(0, desired + maxSurge - total),
      );
      scale(current, newReplicas > desired ? desired : up);
      // Old pods that are not available go first: removing them costs no availability.
      let allAvailable = sets.reduce((n, rs) => n + available(rs), 0);
      const minAvailable = desired - maxUnavailable;
      for (const rs of old) {
        const replicas = rs.spec?.replicas ?? 0;
        const unhealthy = podsOf(rs).length - available(rs);
        let target = Math.max(0, replicas - Math.max(0, unhealthy));
        const removable = Math.max(0, allAvailable - minAvailable);
        const cut = Math.min(target, removable);
        target -= cut;
        allAvailable -= cut;
        scale(rs, target);
      }
    }
  }
  writeStatus(ctx, d, desired, current, sets, podsOf);
}

function writeStatus(
  ctx: ClusterContext,
  d: KubeObject,
  desired: number,
  current: KubeObject,
  sets: KubeObject[],
  podsOf: (rs: KubeObject) => KubeObject[],
) {
  const all = sets.flatMap(podsOf);
  const updated = podsOf(current).length;
  const ready = all.filter(isReady).length;
  const rolling = d.spec?.strategy?.rollingUpdate ?? {};
  const maxUnavailable =
    d.spec?.strategy?.type === 'Recreate'
      ? desired
      : intOrPercent(rolling.maxUnavailable, desired, '25%', false);
  const complete =
    updated === desired && all.length === desired && ready === desired;
  const signature = `${d.metadata.generation}/${updated}/${ready}/${all.length}`;
  const uid = d.metadata.uid!;
  const seen = ctx.progress.get(uid);
  if (!seen || seen.signature !== signature)
    ctx.progress.set(uid, { signature, at: ctx.now });
  const lastProgress = ctx.progress.get(uid)!.at;
  const deadlineMs = Math.min(
    (d.spec?.progressDeadlineSeconds ?? 600) * 1000,
    ctx.timings.maxProgressDeadlineMs,
  );
  let progressing = {
    type: 'Progressing',
    status: 'True',
    reason: 'ReplicaSetUpdated',
    message: `ReplicaSet "${current.metadata.name}" is progressing.`,
  };
  if (complete)
    progressing = {
      ...progressing,
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
    };
  else if (ctx.now - lastProgress >= deadlineMs)
    progressing = {
      ...progressing,
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${current.metadata.name}" has timed out progressing.`,
    };
  else ctx.wake(lastProgress + deadlineMs);
  const wasExceeded = (d.status?.conditions ?? []).some(
    (c: any) => c.reason === 'ProgressDeadlineExceeded',
  );
  if (progressing.reason === 'ProgressDeadlineExceeded' && !wasExceeded)
    ctx.events.record(
      d,
      'Warning',
      'ProgressDeadlineExceeded',
      progressing.message,
      'deployment-controller',
    );
  const minimum = ready >= desired - maxUnavailable;
  let conditions = withCondition(
    d.status?.conditions,
    {
      type: 'Available',
      status: minimum ? 'True' : 'False',
      reason: minimum
        ? 'MinimumReplicasAvailable'
        : 'MinimumReplicasUnavailable',
      message: minimum
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
    },
    ctx.now,
  );
  conditions = withCondition(conditions, progressing, ctx.now);
  updateStatus(ctx, d, {
    observedGeneration: d.metadata.generation,
    replicas: all.length,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(desired - ready > 0 ? { unavailableReplicas: desired - ready } : {}),
    conditions,
  });
}

/** ReplicaSets keep their number of pods; surplus pods go unready and newest first. */
function scaleReplicaSet(ctx: ClusterContext, rs: KubeObject) {
  const want: number = rs.spec?.replicas ?? 1;
  const pods = activePods(ctx, rs);
  for (let i = pods.length; i < want; i++) {
    const pod = ctx.store.apply(
      podFromTemplate(
        rs,
        rs.spec?.template,
        `${rs.metadata.name}-${randomSuffix()}`,
      ),
    )!;
    ctx.events.record(
      rs,
      'Normal',
      'SuccessfulCreate',
      `Created pod: ${pod.metadata.name}`,
      'replicaset-controller',
    );
  }
  if (pods.length > want) {
    const surplus = [...pods]
      .sort(
        (a, b) =>
          Number(isReady(a)) - Number(isReady(b)) ||
          (b.metadata.creationTimestamp ?? '').localeCompare(
            a.metadata.creationTimestamp ?? '',
          ),
      )
      .slice(0, pods.length - want);
    for (const p of surplus) {
      ctx.store.remove('v1', 'Pod', p.metadata.namespace, p.metadata.name);
      ctx.events.record(
        rs,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${p.metadata.name}`,
        'replicaset-controller',
      );
    }
  }
  const now = activePods(ctx, rs);
  updateStatus(ctx, rs, {
    replicas: now.length,
    fullyLabeledReplicas: now.length,
    readyReplicas: now.filter(isReady).length,
    availableReplicas: now.filter(isReady).length,
    observedGeneration: rs.metadata.generation,
  });
}
