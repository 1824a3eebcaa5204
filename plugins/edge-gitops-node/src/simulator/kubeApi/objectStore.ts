import crypto from 'node:crypto';
import { ResourceType, resourceTypeOf } from './resources';

/** A stored Kubernetes object: plain JSON, as the API server would serialise it. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: {
      apiVersion: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
    }[];
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A past change; stored objects are never changed in place, so versions are shared. */
interface HistoryEntry {
  rv: number;
  type: WatchEventType;
  object: KubeObject;
}

interface Collection {
  type: ResourceType;
  objects: Map<string, KubeObject>;
  history: HistoryEntry[];
  /** Watches from a resourceVersion below this get 410 Gone: the history was trimmed. */
  expiredBelow: number;
}

export type WatchListener = (type: WatchEventType, object: KubeObject) => void;

const keyOf = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

/** Fields a change to which is a new generation (everything but metadata and status). */
function specOf(o: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

/**
 * One cluster's objects, with resourceVersions and a bounded watch history per collection,
 * like etcd behind an API server: generation grows when the spec changes, status updates
 * do not touch it, and a watch from a compacted resourceVersion must relist.
 */
export class ObjectStore {
  private rv = 1000;
  private compactedAt = 0;
  private readonly collections = new Map<string, Collection>();
  private readonly listeners = new Map<string, Set<WatchListener>>();
  /** Objects by their controller's uid: controllers find what they own without a scan. */
  private readonly owned = new Map<string, Map<string, KubeObject>>();

  constructor(private readonly historyLimit = 500) {}

  get resourceVersion(): number {
    return this.rv;
  }

  private collection(type: ResourceType): Collection {
    let c = this.collections.get(type.path);
    if (!c) {
      c = { type, objects: new Map(), history: [], expiredBelow: 0 };
      this.collections.set(type.path, c);
    }
    return c;
  }

  /** The apiVersion under which a kind was stored, if any was. */
  apiVersionOf(kind: string): string | undefined {
    for (const c of this.collections.values())
      if (c.type.kind === kind) return c.type.apiVersion;
    return undefined;
  }

  /** The collection at an API path, if anything was ever stored there. */
  collectionAt(path: string): Collection | undefined {
    return this.collections.get(path);
  }

  private index(id: string, old: KubeObject | undefined, now?: KubeObject) {
    const ownerOf = (o?: KubeObject) =>
      o?.metadata.ownerReferences?.find(r => r.controller)?.uid;
    const before = ownerOf(old);
    if (before) this.owned.get(before)?.delete(id);
    const after = ownerOf(now);
    if (after && now) {
      let children = this.owned.get(after);
      if (!children) this.owned.set(after, (children = new Map()));
      children.set(id, now);
    }
  }

  /** The objects whose controller is the object with this uid. */
  ownedBy(uid: string): KubeObject[] {
    return [...(this.owned.get(uid)?.values() ?? [])];
  }

  private record(c: Collection, type: WatchEventType, object: KubeObject) {
    c.history.push({ rv: this.rv, type, object });
    if (c.history.length > this.historyLimit) {
      const dropped = c.history.splice(0, c.history.length - this.historyLimit);
      c.expiredBelow = dropped[dropped.length - 1].rv;
    }
    for (const listener of this.listeners.get(c.type.path) ?? [])
      listener(type, object);
  }

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ) {
    return this.collections
      .get(resourceTypeOf(apiVersion, kind).path)
      ?.objects.get(keyOf(namespace, name));
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const c = this.collections.get(resourceTypeOf(apiVersion, kind).path);
    if (!c) return [];
    const all = [...c.objects.values()];
    return namespace === undefined
      ? all
      : all.filter(o => o.metadata.namespace === namespace);
  }

  /** Where an object lives: its collection, namespace (defaulted) and key, and what is there now. */
  private slot(obj: KubeObject) {
    const type = resourceTypeOf(obj.apiVersion, obj.kind);
    const c = this.collection(type);
    const namespace = type.namespaced
      ? obj.metadata.namespace ?? 'default'
      : undefined;
    const key = keyOf(namespace, obj.metadata.name);
    return {
      id: `${type.path}${key}`,
      c,
      namespace,
      key,
      old: c.objects.get(key),
    };
  }

  /**
   * Creates or replaces an object (server-side apply of a whole object). Metadata the
   * server owns (uid, creationTimestamp, generation) is kept; the status is kept unless
   * given. Answers the stored object, or undefined when nothing changed.
   */
  apply(obj: KubeObject): KubeObject | undefined {
    const { id, c, namespace, key, old } = this.slot(obj);
    const candidate: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        ...(namespace ? { namespace } : {}),
        uid: old?.metadata.uid ?? obj.metadata.uid ?? crypto.randomUUID(),
        creationTimestamp:
          old?.metadata.creationTimestamp ??
          obj.metadata.creationTimestamp ??
          new Date().toISOString(),
      },
      ...(obj.status === undefined && old?.status !== undefined
        ? { status: old.status }
        : {}),
    };
    const sameSpec = old !== undefined && specOf(old) === specOf(candidate);
    candidate.metadata.generation = old
      ? (old.metadata.generation ?? 1) + (sameSpec ? 0 : 1)
      : obj.metadata.generation ?? 1;
    if (old && sameSpec) {
      const { resourceVersion: _r, ...was } = old.metadata;
      const { resourceVersion: _n, ...now } = candidate.metadata;
      if (
        JSON.stringify(was) === JSON.stringify(now) &&
        JSON.stringify(old.status) === JSON.stringify(candidate.status)
      )
        return undefined;
    }
    this.rv++;
    candidate.metadata.resourceVersion = String(this.rv);
    c.objects.set(key, candidate);
    this.index(id, old, candidate);
    this.record(c, old ? 'MODIFIED' : 'ADDED', candidate);
    return candidate;
  }

  /**
   * Stores an object exactly as given (only namespace, uid and resourceVersion filled in),
   * as a test does that plays the part of every controller.
   */
  put(obj: KubeObject): KubeObject {
    const { id, c, namespace, key, old } = this.slot(obj);
    const existed = Boolean(old);
    this.rv++;
    const stored: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        ...(namespace ? { namespace } : {}),
        resourceVersion: String(this.rv),
        uid: obj.metadata.uid ?? key.replace(/^\//, ''),
      },
    };
    c.objects.set(key, stored);
    this.index(id, old, stored);
    this.record(c, existed ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  /**
   * Replaces an object's status only (the status subresource): metadata and spec stay,
   * so neither generation nor anything else is recomputed. Callers compare first.
   */
  setStatus(obj: KubeObject, status: unknown): KubeObject | undefined {
    const { id, c, key, old: current } = this.slot(obj);
    if (!current) return undefined;
    this.rv++;
    const stored: KubeObject = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(this.rv) },
      status,
    };
    c.objects.set(key, stored);
    this.index(id, current, stored);
    this.record(c, 'MODIFIED', stored);
    return stored;
  }

  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const type = resourceTypeOf(apiVersion, kind);
    const c = this.collections.get(type.path);
    const key = keyOf(
      type.namespaced ? namespace ?? 'default' : undefined,
      name,
    );
    const old = c?.objects.get(key);
    if (!c || !old) return undefined;
    c.objects.delete(key);
    this.index(`${type.path}${key}`, old);
    this.owned.delete(old.metadata.uid!);
    this.rv++;
    const gone = {
      ...old,
      metadata: { ...old.metadata, resourceVersion: String(this.rv) },
    };
    this.record(c, 'DELETED', gone);
    return gone;
  }

  /** Events after `from` at `path`, or 'expired' when the history no longer reaches back. */
  eventsSince(
    path: string,
    from: number,
  ): { type: WatchEventType; object: KubeObject }[] | 'expired' {
    if (from < this.compactedAt) return 'expired';
    const c = this.collections.get(path);
    if (!c) return [];
    if (from < c.expiredBelow) return 'expired';
    return c.history.filter(e => e.rv > from);
  }

  /** Forgets every collection's history: older watches must relist. */
  compact(): void {
    for (const c of this.collections.values()) c.history.length = 0;
    this.compactedAt = this.rv + 1;
  }

  watch(path: string, listener: WatchListener): () => void {
    let set = this.listeners.get(path);
    if (!set) this.listeners.set(path, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }
}
