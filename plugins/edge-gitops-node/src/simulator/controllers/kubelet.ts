import type { KubeObject } from '../kubeApi/objectStore';
import { hostPortsOf, unfitReason, unschedulableMessage } from '../scheduling';
import {
  ClusterContext,
  isFinished,
  iso,
  PodRun,
  withCondition,
} from './context';

/**
 * The scheduler and the kubelets of a simulated cluster: pods are bound to a node that
 * fits, pull their images, start, become Ready, and (Job pods) run to completion. Failure
 * on purpose: an image whose registry host ends in `.invalid` (RFC 2606) never pulls, a
 * container whose command is `false` exits 1, and a pod no node fits stays Pending.
 */
export function runPods(ctx: ClusterContext): void {
  const pods = ctx.store.list('v1', 'Pod');
  const usedPorts = new Map<string, Set<string>>();
  const podsOnNode = new Map<string, number>();
  for (const p of pods) {
    if (!p.spec?.nodeName || isFinished(p)) continue;
    const node = p.spec.nodeName;
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
    const used = usedPorts.get(node) ?? new Set();
    for (const port of hostPortsOf(p.spec)) used.add(port);
    usedPorts.set(node, used);
  }
  const alive = new Set<string>();
  for (const pod of pods) {
    alive.add(pod.metadata.uid!);
    let run = ctx.pods.get(pod.metadata.uid!);
    if (!run) {
      run = {
        step: 'schedule',
        nextAt: ctx.now,
        backoffMs: ctx.timings.backoffMs,
      };
      if (isFinished(pod)) run.step = 'done';
      ctx.pods.set(pod.metadata.uid!, run);
    }
    if (run.step === 'done') continue;
    if (run.nextAt > ctx.now) {
      ctx.wake(run.nextAt);
      continue;
    }
    if (run.step === 'schedule') schedule(ctx, pod, run, usedPorts, podsOnNode);
    else advance(ctx, pod, run);
    if ((run.step as PodRun['step']) !== 'done') ctx.wake(run.nextAt);
  }
  for (const uid of ctx.pods.keys()) if (!alive.has(uid)) ctx.pods.delete(uid);
}

function schedule(
  ctx: ClusterContext,
  unbound: KubeObject,
  run: PodRun,
  usedPorts: Map<string, Set<string>>,
  podsOnNode: Map<string, number>,
) {
  let pod = unbound;
  let nodeName: string | undefined = pod.spec?.nodeName;
  if (!nodeName) {
    const reasons: string[] = [];
    const fitting = ctx.nodes.filter(node => {
      const why = unfitReason(
        pod.spec,
        node,
        usedPorts.get(node.metadata.name),
      );
      if (why) reasons.push(why);
      return !why;
    });
    if (!fitting.length) {
      const message = unschedulableMessage(reasons);
      ctx.store.setStatus(pod, {
        ...pod.status,
        phase: 'Pending',
        conditions: withCondition(
          pod.status?.conditions,
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
          },
          ctx.now,
        ),
      });
      ctx.events.record(
        pod,
        'Warning',
        'FailedScheduling',
        message,
        'default-scheduler',
      );
      run.nextAt = ctx.now + ctx.timings.backoffMs;
      return;
    }
    // Spread: the fitting node with the fewest pods.
    const node = fitting.sort(
      (a, b) =>
        (podsOnNode.get(a.metadata.name) ?? 0) -
          (podsOnNode.get(b.metadata.name) ?? 0) ||
        a.metadata.name.localeCompare(b.metadata.name),
    )[0];
    nodeName = node.metadata.name;
    podsOnNode.set(nodeName, (podsOnNode.get(nodeName) ?? 0) + 1);
    const used = usedPorts.get(nodeName) ?? new Set();
    for (const port of hostPortsOf(pod.spec)) used.add(port);
    usedPorts.set(nodeName, used);
    pod = ctx.store.apply({ ...pod, spec: { ...pod.spec, nodeName } }) ?? pod;
  }
  const node = ctx.nodes.find(n => n.metadata.name === nodeName);
  ctx.store.setStatus(pod, {
    ...pod.status,
    phase: 'Pending',
    hostIP: node?.status?.addresses?.[0]?.address,
    conditions: withCondition(
      pod.status?.conditions,
      { type: 'PodScheduled', status: 'True', reason: '', message: '' },
      ctx.now,
    ),
  });
  ctx.events.record(
    pod,
    'Normal',
    'Scheduled',
    `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    'default-scheduler',
  );
  run.step = 'pull';
  run.nextAt = ctx.now + ctx.timings.imagePullMs;
}

/** The registry host of an image reference, or undefined for Docker Hub short names. */
export function registryHost(image: string): string | undefined {
  const first = image.split('/')[0];
  if (!image.includes('/')) return undefined;
  return first.includes('.') || first.includes(':') || first === 'localhost'
    ? first.replace(/:\d+$/, '')
    : undefined;
}

const neverPulls = (image: string) =>
  (registryHost(image) ?? '').toLowerCase().endsWith('.invalid');

/** `command: ["false"]` (or /bin/false, /usr/bin/false): the container exits 1. */
const fails = (c: any) =>
  Array.isArray(c.command) && /(^|\/)false$/.test(String(c.command[0] ?? ''));

const containersOf = (pod: KubeObject): any[] => pod.spec?.containers ?? [];

function statuses(
  pod: KubeObject,
  state: (c: any, previous: any) => any,
): any[] {
  const previous = new Map(
    (pod.status?.containerStatuses ?? []).map((s: any) => [s.name, s]),
  );
  return containersOf(pod).map(c => {
    const was: any = previous.get(c.name) ?? {
      name: c.name,
      image: c.image,
      imageID: '',
      restartCount: 0,
      ready: false,
      started: false,
    };
    return { ...was, image: c.image, ...state(c, was) };
  });
}

function podConditions(pod: KubeObject, ready: boolean, now: number) {
  let conditions = pod.status?.conditions;
  for (const type of ['Initialized', 'ContainersReady', 'Ready'])
    conditions = withCondition(
      conditions,
      type === 'Initialized'
        ? { type, status: 'True', reason: '', message: '' }
        : {
            type,
            status: ready ? 'True' : 'False',
            reason: ready ? '' : 'ContainersNotReady',
            message: ready ? '' : 'containers with unready status',
          },
      now,
    );
  return conditions;
}

function isJobPod(pod: KubeObject) {
  return (pod.metadata.ownerReferences ?? []).some(r => r.kind === 'Job');
}

function advance(ctx: ClusterContext, pod: KubeObject, run: PodRun) {
  const { timings, now } = ctx;
  const node = pod.spec?.nodeName;
  const kubelet = (
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) => ctx.events.record(pod, type, reason, message, 'kubelet', node);
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  switch (run.step) {
    case 'pull': {
      const bad = containersOf(pod).filter(c => neverPulls(String(c.image)));
      if (bad.length) {
        const first = !(pod.status?.containerStatuses ?? []).some((s: any) =>
          ['ErrImagePull', 'ImagePullBackOff'].includes(
            s.state?.waiting?.reason,
          ),
        );
        for (const c of bad) {
          const host = registryHost(c.image);
          kubelet('Normal', 'Pulling', `Pulling image "${c.image}"`);
          kubelet(
            'Warning',
            'Failed',
            `Failed to pull image "${c.image}": failed to resolve reference "${c.image}": failed to do request: Head "https://${host}/v2/": dial tcp: lookup ${host}: no such host`,
          );
          kubelet('Warning', 'Failed', 'Error: ErrImagePull');
          kubelet('Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
          kubelet('Warning', 'Failed', 'Error: ImagePullBackOff');
        }
        ctx.store.setStatus(pod, {
          ...pod.status,
          phase: 'Pending',
          conditions: podConditions(pod, false, now),
          containerStatuses: statuses(pod, c =>
            neverPulls(String(c.image))
              ? {
                  ready: false,
                  started: false,
                  state: {
                    waiting: {
                      reason: first ? 'ErrImagePull' : 'ImagePullBackOff',
                      message: first
                        ? `failed to resolve reference "${c.image}": no such host`
                        : `Back-off pulling image "${c.image}"`,
                    },
                  },
                }
              : { state: { waiting: { reason: 'ContainerCreating' } } },
          ),
        });
        run.nextAt = now + run.backoffMs;
        run.backoffMs = Math.min(run.backoffMs * 2, timings.maxBackoffMs);
        return;
      }
      for (const c of containersOf(pod)) {
        kubelet('Normal', 'Pulling', `Pulling image "${c.image}"`);
        kubelet(
          'Normal',
          'Pulled',
          `Successfully pulled image "${c.image}" in ${timings.imagePullMs}ms`,
        );
      }
      run.step = 'start';
      run.nextAt = now + timings.containerStartMs;
      return;
    }
    case 'start':
    case 'restart': {
      for (const c of containersOf(pod)) {
        if (run.step === 'restart' && !fails(c)) continue;
        if (run.step === 'restart')
          kubelet(
            'Normal',
            'Pulled',
            `Container image "${c.image}" already present on machine`,
          );
        kubelet('Normal', 'Created', `Created container ${c.name}`);
        kubelet('Normal', 'Started', `Started container ${c.name}`);
      }
      const startedAt = iso(now);
      ctx.store.setStatus(pod, {
        ...pod.status,
        phase: 'Running',
        podIP: pod.status?.podIP ?? podIp(pod),
        startTime: pod.status?.startTime ?? startedAt,
        conditions: podConditions(pod, false, now),
        containerStatuses: statuses(pod, (c, was) =>
          run.step === 'restart' && !fails(c)
            ? {}
            : {
                ready: false,
                started: true,
                state: { running: { startedAt } },
                imageID: `simulated://${c.image}`,
                ...(was.state?.terminated
                  ? { lastState: { terminated: was.state.terminated } }
                  : {}),
              },
        ),
      });
      const crashing = containersOf(pod).some(fails);
      run.step = crashing || isJobPod(pod) ? 'exit' : 'ready';
      let runFor = timings.readyMs;
      if (crashing) runFor = timings.crashMs;
      else if (isJobPod(pod)) runFor = timings.jobRunMs;
      run.nextAt = now + runFor;
      return;
    }
    case 'ready': {
      ctx.store.setStatus(pod, {
        ...pod.status,
        conditions: podConditions(pod, true, now),
        containerStatuses: statuses(pod, () => ({ ready: true })),
      });
      run.step = 'done';
      return;
    }
    case 'exit': {
      const failed = containersOf(pod).some(fails);
      const finishedAt = iso(now);
      const terminated = (c: any, was: any) => ({
        exitCode: fails(c) ? 1 : 0,
        reason: fails(c) ? 'Error' : 'Completed',
        startedAt: was.state?.running?.startedAt ?? finishedAt,
        finishedAt,
      });
      const restarts =
        failed && (restartPolicy === 'Always' || restartPolicy === 'OnFailure');
      if (restarts) {
        const backoffSeconds = Math.round(run.backoffMs / 1000);
        ctx.store.setStatus(pod, {
          ...pod.status,
          phase: 'Running',
          conditions: podConditions(pod, false, now),
          containerStatuses: statuses(pod, (c, was) =>
            fails(c)
              ? {
                  ready: false,
                  started: false,
                  restartCount: (was.restartCount ?? 0) + 1,
                  state: {
                    waiting: {
                      reason: 'CrashLoopBackOff',
                      message: `back-off ${backoffSeconds}s restarting failed container=${c.name} pod=${pod.metadata.name}`,
                    },
                  },
                  lastState: { terminated: terminated(c, was) },
                }
              : {},
          ),
        });
        for (const c of containersOf(pod).filter(fails))
          kubelet(
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}`,
          );
        run.step = 'restart';
        run.nextAt = now + run.backoffMs;
        run.backoffMs = Math.min(run.backoffMs * 2, timings.maxBackoffMs);
        return;
      }
      ctx.store.setStatus(pod, {
        ...pod.status,
        phase: failed ? 'Failed' : 'Succeeded',
        conditions: podConditions(pod, false, now),
        containerStatuses: statuses(pod, (c, was) => ({
          ready: false,
          started: false,
          state: { terminated: terminated(c, was) },
        })),
      });
      run.step = 'done';
      return;
    }
    default:
      return;
  }
}

function podIp(pod: KubeObject): string {
  const n = parseInt(pod.metadata.uid!.replace(/-/g, '').slice(0, 4), 16);
  return `10.42.${(n >> 8) & 255}.${n & 255}`;
}
