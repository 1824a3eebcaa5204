import type { KubeObject, ObjectStore } from './kubeApi/objectStore';

/**
 * Records events as the kubelet and controllers do: the same reason and message on the
 * same object counts up instead of adding another event. Keeps at most `limit` events, the
 * oldest go first, as an API server's event TTL would.
 */
export class EventRecorder {
  private readonly byKey = new Map<string, KubeObject>();
  /** Event names only need to be unique in the cluster, as the API server's are. */
  private sequence = Math.floor(Math.random() * 2 ** 40);

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly limit = 400,
  ) {}

  record(
    about: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    host?: string,
  ): void {
    const key = `${about.metadata.uid}/${reason}/${message}`;
    const at = new Date(this.now()).toISOString();
    const existing = this.byKey.get(key);
    const current =
      existing &&
      this.store.get(
        'v1',
        'Event',
        existing.metadata.namespace,
        existing.metadata.name,
      );
    if (current) {
      // Re-inserted so the Map's order stays "least recently seen first".
      this.byKey.delete(key);
      const updated = this.store.apply({
        ...current,
        count: ((current.count as number) ?? 1) + 1,
        lastTimestamp: at,
      });
      this.byKey.set(key, updated ?? current);
      return;
    }
    const event = this.store.apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${about.metadata.name}.${(++this.sequence)
          .toString(16)
          .padStart(16, '0')}`,
        namespace: about.metadata.namespace ?? 'default',
      },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        name: about.metadata.name,
        namespace: about.metadata.namespace,
        uid: about.metadata.uid,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component, ...(host ? { host } : {}) },
      reportingComponent: component,
    });
    if (event) this.byKey.set(key, event);
    while (this.byKey.size > this.limit) {
      const [oldestKey, oldest] = this.byKey.entries().next().value!;
      this.byKey.delete(oldestKey);
      this.store.remove(
        'v1',
        'Event',
        oldest.metadata.namespace,
        oldest.metadata.name,
      );
    }
  }
}
