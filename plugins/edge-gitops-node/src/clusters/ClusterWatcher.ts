import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  Informer,
  KubeConfig,
  KubernetesObject,
  makeInformer,
  ObjectCache,
  VersionApi,
} from '@kubernetes/client-node';
import {
  LABEL_MANAGED_BY,
  MANAGED_BY,
} from '@edge-gitops/plugin-edge-gitops-common';

/** What a person sees of a cluster's connection (SPEC section 7). */
export interface ClusterState {
  nodeGroup: string;
  reachable: boolean;
  /** ISO time of the last successful answer from the API server. */
  lastSeen?: string;
  lastError?: string;
  kubernetesVersion?: string;
}

type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

const SELECTOR = `${LABEL_MANAGED_BY}=${MANAGED_BY}`;

/** Keeps memory bounded: managedFields are the bulk of most objects and we never read them. */
function trim(obj: KubernetesObject) {
  if (obj.metadata) delete (obj.metadata as any).managedFields;
}

/**
 * Caches one cluster's managed workloads and their pods with informers: list, then watch
 * from the last resourceVersion; the client relists after 410 Gone. On other errors the
 * cluster is marked unreachable, keeps its last known objects, and is retried with backoff.
 */
export class ClusterWatcher {
  private readonly informers: Watched[];
  private readonly state: ClusterState;
  private retryDelayMs = 1000;
  private changes = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly nodeGroup: string,
    private readonly kc: KubeConfig,
    private readonly opts: {
      maxRetryDelayMs?: number;
      versionIntervalMs?: number;
    } = {},
  ) {
    this.state = { nodeGroup, reachable: false };
    const apps = kc.makeApiClient(AppsV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const sources: [string, () => Promise<any>][] = [
      [
        '/apis/apps/v1/deployments',
        () => apps.listDeploymentForAllNamespaces({ labelSelector: SELECTOR }),
      ],
      [
        '/apis/apps/v1/daemonsets',
        () => apps.listDaemonSetForAllNamespaces({ labelSelector: SELECTOR }),
      ],
      [
        '/apis/batch/v1/jobs',
        () => batch.listJobForAllNamespaces({ labelSelector: SELECTOR }),
      ],
      [
        '/apis/batch/v1/cronjobs',
        () => batch.listCronJobForAllNamespaces({ labelSelector: SELECTOR }),
      ],
      [
        '/api/v1/pods',
        () => core.listPodForAllNamespaces({ labelSelector: SELECTOR }),
      ],
    ];
    this.informers = sources.map(([path, list]) => {
      const informer = makeInformer<KubernetesObject>(kc, path, list, SELECTOR);
      informer.on('add', obj => this.changed(obj));
      informer.on('update', obj => this.changed(obj));
      informer.on('delete', () => this.changes++);
      informer.on('connect', () => this.seen());
      informer.on('change', () => this.seen());
      informer.on('error', err => this.failed(informer, err));
      return informer;
    });
  }

  private changed(obj: KubernetesObject) {
    trim(obj);
    this.changes++;
  }

  /** Grows whenever a cached object changes: lets callers cache what they derive. */
  get version(): number {
    return this.changes;
  }

  private seen() {
    this.state.reachable = true;
    this.state.lastSeen = new Date().toISOString();
    this.state.lastError = undefined;
    this.retryDelayMs = 1000;
  }

  private failed(informer: Watched, err: any) {
    this.state.reachable = false;
    const status = err?.code ?? err?.statusCode;
    this.state.lastError =
      status === 401 || status === 403
        ? `the API server refused the credentials (HTTP ${status})`
        : String(err?.message ?? err).slice(0, 300);
    if (this.stopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(
      this.retryDelayMs * 2,
      this.opts.maxRetryDelayMs ?? 30_000,
    );
    setTimeout(() => {
      if (!this.stopped) informer.start().catch(e => this.failed(informer, e));
    }, delay).unref();
  }

  private async checkVersion() {
    try {
      const version = await this.kc.makeApiClient(VersionApi).getCode();
      this.state.kubernetesVersion = version.gitVersion;
      this.seen();
    } catch (e: any) {
      this.state.reachable = false;
      this.state.lastError = String(e?.message ?? e).slice(0, 300);
    }
  }

  async start(): Promise<void> {
    await this.checkVersion();
    await Promise.all(
      this.informers.map(i => i.start().catch(e => this.failed(i, e))),
    );
    this.timer = setInterval(
      () => void this.checkVersion(),
      this.opts.versionIntervalMs ?? 30_000,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.informers.map(i => i.stop()));
  }

  connection(): ClusterState {
    return { ...this.state };
  }

  /** The cached objects (the last known ones while the cluster does not answer). */
  objects(): KubernetesObject[] {
    return this.informers.flatMap(i => i.list());
  }
}
