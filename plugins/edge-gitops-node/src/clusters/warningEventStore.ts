import { eventTime } from '@edge-gitops/plugin-edge-gitops-common';
import { WARNING_EVENT_LIMITS } from '../timings';

/**
 * The part of a Warning event edge-gitops shows; the rest of the object is dropped.
 *
 * @public
 */
export interface CompactEvent {
  kind: 'Event';
  type: 'Warning';
  metadata: { namespace: string; name: string; resourceVersion?: string };
  involvedObject: { kind: string; name: string; namespace: string };
  reason: string;
  message: string;
  count: number;
  lastTimestamp?: string;
}

/** Kinds a managed workload is or owns: events about anything else are not ours. */
const RELEVANT_KINDS = new Set([
  'Pod',
  'ReplicaSet',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ControllerRevision',
  'Job',
  'CronJob',
]);

/** @public */
export interface WarningEventLimits {
  /** Events kept per cluster at most; the oldest go first. */
  maxEvents: number;
  /** Events last seen longer ago than this are dropped ("recent" warnings). */
  maxAgeMs: number;
}

/** @public */
export const DEFAULT_EVENT_LIMITS: WarningEventLimits = WARNING_EVENT_LIMITS;

/**
 * A cluster's recent Warning events, bounded in count and age, kept only for namespaces
 * that hold managed workloads (asked through `isRelevantNamespace`), in compact form.
 * Warning events carry no labels of ours, so the cluster-wide watch filters here.
 *
 * @public
 */
export class WarningEventStore {
  private readonly events = new Map<string, CompactEvent>();

  constructor(
    private readonly isRelevantNamespace: (namespace: string) => boolean,
    private readonly limits: WarningEventLimits = DEFAULT_EVENT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(e: any) {
    return `${e.metadata?.namespace ?? ''}/${e.metadata?.name ?? ''}`;
  }

  /** Adds or replaces an event; returns whether the store changed. */
  put(e: any): boolean {
    const about = e?.involvedObject ?? e?.regarding;
    const namespace = about?.namespace ?? e?.metadata?.namespace;
    if (
      e?.type !== 'Warning' ||
      !about?.name ||
      !RELEVANT_KINDS.has(about.kind) ||
      !namespace ||
      !this.isRelevantNamespace(namespace)
    )
      return this.remove(e);
    const lastTimestamp = eventTime(e);
    if (this.expired(lastTimestamp)) return this.remove(e);
    const compact: CompactEvent = {
      kind: 'Event',
      type: 'Warning',
      metadata: {
        namespace: e.metadata.namespace,
        name: e.metadata.name,
        resourceVersion: e.metadata.resourceVersion,
      },
      involvedObject: { kind: about.kind, name: about.name, namespace },
      reason: String(e.reason ?? ''),
      message: String(e.message ?? e.note ?? '').slice(0, 1000),
      count: e.series?.count ?? e.count ?? 1,
      lastTimestamp,
    };
    const key = WarningEventStore.key(e);
    // Re-inserting keeps the Map in last-seen order, so eviction drops the stalest.
    this.events.delete(key);
    this.events.set(key, compact);
    this.evict();
    return true;
  }

  remove(e: any): boolean {
    return this.events.delete(WarningEventStore.key(e));
  }

  /** Replaces everything with a fresh list (after a relist). */
  reset(items: readonly any[]): void {
    this.events.clear();
    const sorted = [...items].sort((a, b) =>
      (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''),
    );
    for (const e of sorted) this.put(e);
  }

  private expired(time: string | undefined) {
    const t = time ? Date.parse(time) : NaN;
    return Number.isFinite(t) && this.now() - t > this.limits.maxAgeMs;
  }

  private evict() {
    while (this.events.size > this.limits.maxEvents) {
      const oldest = this.events.keys().next().value as string;
      this.events.delete(oldest);
    }
  }

  /**
   * Drops events that are no longer recent; returns whether any went. The map is in
   * last-seen order, so this stops at the first recent one: cheap enough per request.
   */
  pruneExpired(): boolean {
    let pruned = false;
    for (const [key, e] of this.events) {
      if (!this.expired(e.lastTimestamp)) break;
      pruned = this.events.delete(key);
    }
    return pruned;
  }

  list(): CompactEvent[] {
    return [...this.events.values()];
  }

  get size(): number {
    return this.events.size;
  }
}
