import crypto from 'node:crypto';
import type { KubeObject, ObjectStore } from '../kubeApi/objectStore';
import type { EventRecorder } from '../events';
import type { SimulatorTimings } from '../timings';

/** What the kubelet remembers of a pod between ticks (not part of the API object). */
export interface PodRun {
  /** When the next step of the pod's life is due. */
  nextAt: number;
  step: 'schedule' | 'pull' | 'start' | 'ready' | 'exit' | 'restart' | 'done';
  backoffMs: number;
}

/** One simulated cluster as its controllers see it during one pass. */
export interface ClusterContext {
  store: ObjectStore;
  nodes: KubeObject[];
  events: EventRecorder;
  timings: SimulatorTimings;
  now: number;
  pods: Map<string, PodRun>;
  /** When each Deployment last made progress, by uid. */
  progress: Map<string, { signature: string; at: number }>;
  /** Asks for another pass at this time. */
  wake(at: number): void;
}

let lastMs = NaN;
let lastIso = '';
/** ISO time of a clock reading; a pass asks for the same reading many times. */
export function iso(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Characters as Kubernetes uses them in generated names (no vowels, no look-alikes).
 * Names need to be unique, not secret: Math.random is enough and far cheaper.
 */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return out;
}

/** Stored objects are never changed in place: a template's hash is computed once. */
const hashes = new WeakMap<object, string>();

/** A stable short hash of a pod template, like pod-template-hash. */
export function templateHash(template: unknown): string {
  const key = (template ?? {}) as object;
  const known = hashes.get(key);
  if (known) return known;
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify(key))
    .digest();
  const hash = [...digest.subarray(0, 10)]
    .map(b => ALPHABET[b % ALPHABET.length])
    .join('');
  hashes.set(key, hash);
  return hash;
}

export function controllerRef(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const isOwnedBy = (o: KubeObject, owner: KubeObject) =>
  (o.metadata.ownerReferences ?? []).some(
    r => r.controller && r.uid === owner.metadata.uid,
  );

export function ownedBy(
  ctx: ClusterContext,
  apiVersion: string,
  kind: string,
  owner: KubeObject,
): KubeObject[] {
  return ctx.store
    .ownedBy(owner.metadata.uid!)
    .filter(o => o.kind === kind && o.apiVersion === apiVersion);
}

const condition = (o: KubeObject, type: string) =>
  (o.status?.conditions ?? []).find((c: any) => c.type === type);

export const isReady = (pod: KubeObject) =>
  pod.status?.phase === 'Running' && condition(pod, 'Ready')?.status === 'True';

export const isFinished = (pod: KubeObject) =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** A new pod from a controller's template. */
export function podFromTemplate(
  owner: KubeObject,
  template: any,
  name: string,
  extraLabels: Record<string, string> = {},
  nodeName?: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(template?.metadata?.labels ?? {}), ...extraLabels },
      ...(template?.metadata?.annotations
        ? { annotations: template.metadata.annotations }
        : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: {
      ...(template?.spec ?? {}),
      ...(nodeName ? { nodeName } : {}),
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

/** An int-or-percent field (maxSurge, maxUnavailable) resolved against a total. */
export function intOrPercent(
  value: unknown,
  total: number,
  fallback: string,
  roundUp: boolean,
): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Sets a condition, keeping lastTransitionTime when its status did not change. */
export function withCondition(
  conditions: any[] | undefined,
  next: { type: string; status: string; reason: string; message: string },
  now: number,
): any[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex(c => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const merged = {
    ...next,
    lastTransitionTime:
      old && old.status === next.status ? old.lastTransitionTime : iso(now),
    ...(old && old.reason === next.reason && old.message === next.message
      ? { lastUpdateTime: old.lastUpdateTime ?? iso(now) }
      : { lastUpdateTime: iso(now) }),
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

/** Writes a status when it differs from the stored one. */
export function updateStatus(ctx: ClusterContext, o: KubeObject, status: any) {
  writeStatus(ctx.store, o, status);
}

/** Writes a status to the store only when it differs from the object's. */
export function writeStatus(
  store: ObjectStore,
  o: KubeObject,
  status: unknown,
) {
  if (JSON.stringify(o.status) !== JSON.stringify(status))
    store.setStatus(o, status);
}
