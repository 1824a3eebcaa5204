import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  ListWatch,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import {
  LABEL_MANAGED_BY,
  MANAGED_BY,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  DEFAULT_EVENT_LIMITS,
  WarningEventLimits,
  WarningEventStore,
} from './warningEvents';

/** The GitOps agents whose objects tell the synced revision. */
export type GitopsAgent = 'Flux' | 'Argo CD';

/** What a person sees of a cluster's connection (SPEC section 7). */
export interface ClusterState {
  nodeGroup: string;
  reachable: boolean;
  /** ISO time of the last successful answer from the API server. */
  lastSeen?: string;
  lastError?: string;
  kubernetesVersion?: string;
  /** Agents whose API the cluster serves (their CRDs are installed). */
  gitopsAgents?: GitopsAgent[];
  /** What works only partly, e.g. events not readable with the token's RBAC. */
  warnings?: string[];
}

const SELECTOR = `${LABEL_MANAGED_BY}=${MANAGED_BY}`;

/** Keeps memory bounded: managedFields are the bulk of most objects and we never read them. */
function trim(obj: KubernetesObject) {
  if (obj.metadata) delete (obj.metadata as any).managedFields;
  // Argo CD keeps every synced resource and its history in the Application's status.
  const status = (obj as any).status;
  if (obj.kind === 'Application' && status) {
    delete status.resources;
    delete status.history;
    delete status.summary;
  }
}

const statusCode = (err: any): number | undefined =>
  err?.code ?? err?.statusCode ?? err?.body?.code;

const describe = (err: any): string => {
  const code = statusCode(err);
  if (code === 401 || code === 403)
    return `the API server refused the credentials (HTTP ${code})`;
  return String(err?.message ?? err).slice(0, 300);
};

/**
 * The typed list clients turn timestamps into Date objects, while watch events carry the
 * API's JSON: both become JSON here, so every cached object has one shape.
 */
function plainJson(value: any): any {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) out[k] = plainJson(v);
    return out;
  }
  return value;
}

/** Rejects when a request takes longer than `ms`: a stalled API server must not hang us. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${ms / 1000}s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Source {
  path: string;
  list: () => Promise<any>;
  /** Custom resources: a 404 means the agent is not installed, not that the cluster is down. */
  agent?: GitopsAgent;
}

export interface ClusterWatcherOptions {
  maxRetryDelayMs?: number;
  versionIntervalMs?: number;
  /** How long a list or the version check may take before the cluster counts as unreachable. */
  requestTimeoutMs?: number;
  /** How often to look again for an agent's CRDs, or events, the cluster did not serve. */
  absentRetryMs?: number;
  events?: WarningEventLimits;
}

/**
 * Caches one cluster's managed workloads, their pods, the GitOps agents' objects and recent
 * Warning events. Informers list, then watch from the last resourceVersion; the client
 * relists after 410 Gone. On other errors the cluster is marked unreachable, keeps its
 * last known objects, and is retried with backoff. Missing agent CRDs and unreadable
 * events only narrow what is shown: they never make the cluster unreachable.
 */
export class ClusterWatcher {
  private readonly informers: {
    source: Source;
    informer: ListWatch<KubernetesObject>;
  }[];
  private readonly events: WarningEventStore;
  private readonly agents = new Map<GitopsAgent, 'present' | 'absent'>();
  private readonly partial = new Map<string, string>();
  private readonly state: ClusterState;
  private retryDelayMs = 1000;
  private changes = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private eventsRequest?: AbortController;
  private eventsVersion = '';

  constructor(
    readonly nodeGroup: string,
    private readonly kc: KubeConfig,
    private readonly opts: ClusterWatcherOptions = {},
  ) {
    this.state = { nodeGroup, reachable: false };
    const apps = kc.makeApiClient(AppsV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const labelSelector = SELECTOR;
    const sources: Source[] = [
      {
        path: '/apis/apps/v1/deployments',
        list: () => apps.listDeploymentForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/apps/v1/daemonsets',
        list: () => apps.listDaemonSetForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/batch/v1/jobs',
        list: () => batch.listJobForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/batch/v1/cronjobs',
        list: () => batch.listCronJobForAllNamespaces({ labelSelector }),
      },
      {
        path: '/api/v1/pods',
        list: () => core.listPodForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
        agent: 'Flux',
        list: () =>
          custom.listClusterCustomObject({
            group: 'kustomize.toolkit.fluxcd.io',
            version: 'v1',
            plural: 'kustomizations',
            labelSelector,
          }),
      },
      {
        path: '/apis/argoproj.io/v1alpha1/applications',
        agent: 'Argo CD',
        list: () =>
          custom.listClusterCustomObject({
            group: 'argoproj.io',
            version: 'v1alpha1',
            plural: 'applications',
            labelSelector,
          }),
      },
    ];
    this.informers = sources.map(source => {
      const list = async () => {
        const result = await withTimeout(
          source.list(),
          this.requestTimeout,
          `listing ${source.path}`,
        );
        this.seen();
        if (source.agent) this.agents.set(source.agent, 'present');
        return { ...result, items: plainJson(result.items ?? []) };
      };
      const informer = new ListWatch<KubernetesObject>(
        source.path,
        new Watch(kc),
        list,
        false,
        labelSelector,
      );
      informer.on('add', obj => this.changed(obj));
      informer.on('update', obj => this.changed(obj));
      informer.on('delete', () => {
        this.changes++;
        this.seen();
      });
      informer.on('error', err => this.failed(source, informer, err));
      return { source, informer };
    });
    this.events = new WarningEventStore(
      ns => this.hasWorkloadsIn(ns),
      opts.events ?? DEFAULT_EVENT_LIMITS,
    );
  }

  private get requestTimeout() {
    return this.opts.requestTimeoutMs ?? 15_000;
  }

  private hasWorkloadsIn(namespace: string): boolean {
    return this.informers.some(
      ({ source, informer }) =>
        !source.agent && informer.list(namespace).length > 0,
    );
  }

  private changed(obj: KubernetesObject) {
    trim(obj);
    this.changes++;
    this.seen();
  }

  /** Grows whenever a cached object changes: lets callers cache what they derive. */
  get version(): number {
    if (this.events.pruneExpired()) this.changes++;
    return this.changes;
  }

  private seen() {
    this.state.reachable = true;
    this.state.lastSeen = new Date().toISOString();
    this.state.lastError = undefined;
    this.retryDelayMs = 1000;
  }

  private retry(run: () => void, delay: number) {
    setTimeout(() => {
      if (!this.stopped) run();
    }, delay).unref();
  }

  private nextDelay() {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(
      this.retryDelayMs * 2,
      this.opts.maxRetryDelayMs ?? 30_000,
    );
    return delay;
  }

  private failed(
    source: Source,
    informer: ListWatch<KubernetesObject>,
    err: any,
  ) {
    if (this.stopped) return;
    const restart = () =>
      void informer.start().catch(e => this.failed(source, informer, e));
    if (source.agent && statusCode(err) === 404) {
      // The agent's CRD is not installed: nothing to show, look again later.
      this.agents.set(source.agent, 'absent');
      this.retry(restart, this.opts.absentRetryMs ?? 5 * 60_000);
      return;
    }
    if (source.agent && statusCode(err) === 403) {
      this.partial.set(
        source.path,
        `cannot read ${source.path} (HTTP 403): grant list/watch to see the synced revision`,
      );
      this.retry(restart, this.opts.absentRetryMs ?? 5 * 60_000);
      return;
    }
    this.state.reachable = false;
    this.state.lastError = describe(err);
    this.retry(restart, this.nextDelay());
  }

  /** Warning events: a cluster-wide watch filtered by type, kept in a bounded store. */
  private async watchEvents(): Promise<void> {
    if (this.stopped) return;
    const path = '/api/v1/events';
    const fieldSelector = 'type=Warning';
    try {
      if (!this.eventsVersion) {
        const list = await withTimeout(
          this.kc
            .makeApiClient(CoreV1Api)
            .listEventForAllNamespaces({ fieldSelector }),
          this.requestTimeout,
          `listing ${path}`,
        );
        this.events.reset(plainJson(list.items));
        this.eventsVersion = list.metadata?.resourceVersion ?? '';
        this.changes++;
      }
      this.partial.delete(path);
      this.eventsRequest = await new Watch(this.kc).watch(
        path,
        {
          fieldSelector,
          resourceVersion: this.eventsVersion,
          allowWatchBookmarks: true,
        },
        (type, obj) => {
          if (type === 'ERROR') {
            if (obj?.code === 410) this.eventsVersion = '';
            return;
          }
          this.eventsVersion =
            obj?.metadata?.resourceVersion ?? this.eventsVersion;
          if (type === 'BOOKMARK') return;
          const changed =
            type === 'DELETED' ? this.events.remove(obj) : this.events.put(obj);
          if (changed) this.changes++;
        },
        err => {
          if (this.stopped) return;
          if (!err || err.name === 'TimeoutError') void this.watchEvents();
          else this.eventsFailed(path, err);
        },
      );
    } catch (err: any) {
      this.eventsFailed(path, err);
    }
  }

  private eventsFailed(path: string, err: any) {
    if (this.stopped) return;
    if (statusCode(err) === 410) this.eventsVersion = '';
    this.partial.set(path, `warning events: ${describe(err)}`);
    this.retry(
      () => void this.watchEvents(),
      statusCode(err) === 403
        ? this.opts.absentRetryMs ?? 5 * 60_000
        : this.nextDelay(),
    );
  }

  private async checkVersion() {
    try {
      const version = await withTimeout(
        this.kc.makeApiClient(VersionApi).getCode(),
        this.requestTimeout,
        'the version check',
      );
      this.state.kubernetesVersion = version.gitVersion;
      this.seen();
    } catch (e: any) {
      this.state.reachable = false;
      this.state.lastError = describe(e);
    }
  }

  async start(): Promise<void> {
    await this.checkVersion();
    await Promise.all(
      this.informers.map(({ source, informer }) =>
        informer.start().catch(e => this.failed(source, informer, e)),
      ),
    );
    void this.watchEvents();
    this.timer = setInterval(
      () => void this.checkVersion(),
      this.opts.versionIntervalMs ?? 30_000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.eventsRequest?.abort();
    await Promise.all(this.informers.map(({ informer }) => informer.stop()));
  }

  connection(): ClusterState {
    const agents = [...this.agents]
      .filter(([, presence]) => presence === 'present')
      .map(([agent]) => agent);
    return {
      ...this.state,
      gitopsAgents: agents,
      ...(this.partial.size ? { warnings: [...this.partial.values()] } : {}),
    };
  }

  /** The cached Flux Kustomizations and Argo CD Applications with our labels. */
  agentObjects(): KubernetesObject[] {
    return this.informers
      .filter(({ source }) => source.agent)
      .flatMap(({ informer }) => informer.list());
  }

  /**
   * The cached objects (the last known ones while the cluster does not answer): managed
   * workloads and pods, the agents' Kustomizations and Applications, and compact
   * Warning events.
   */
  objects(): KubernetesObject[] {
    return [
      ...this.informers.flatMap(({ informer }) => informer.list()),
      ...this.events.list(),
    ];
  }
}
