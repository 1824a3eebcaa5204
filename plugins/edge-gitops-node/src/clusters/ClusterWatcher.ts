import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  ListWatch,
  VersionApi,
} from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterConnectionState,
  GitopsAgent,
  LABEL_MANAGED_BY,
  MANAGED_BY,
} from '@edge-gitops/plugin-edge-gitops-common';
import { CLUSTER_WATCH_TIMINGS, ClusterWatchTimings } from '../timings';
import {
  describeKubeError,
  plainJson,
  statusCode,
  watchFor,
  withTimeout,
} from './kubeRequests';
import { WarningEventWatch } from './warningEventWatch';
import { compactJson, StringPool } from './compactObject';
import {
  DEFAULT_EVENT_LIMITS,
  WarningEventLimits,
  WarningEventStore,
} from './warningEventStore';

const SELECTOR = `${LABEL_MANAGED_BY}=${MANAGED_BY}`;

/** Workload kinds whose pod template (`spec.template`) the status rules never read. */
const TEMPLATED = new Set([
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'ReplicaSet',
]);

/** Labels the status rules and the cache's namespace checks read: ours and the app's. */
const KEPT_LABEL = /^(app\.kubernetes\.io|edge-gitops\.io)\//;

/** A container state as podProblems reads it: why it waits or how it ended. */
function trimContainerState(state: any) {
  if (!state || typeof state !== 'object') return undefined;
  const { waiting, terminated } = state;
  return {
    ...(state.running ? { running: {} } : {}),
    ...(waiting
      ? { waiting: { reason: waiting.reason, message: waiting.message } }
      : {}),
    ...(terminated
      ? {
          terminated: {
            reason: terminated.reason,
            exitCode: terminated.exitCode,
            message: terminated.message,
          },
        }
      : {}),
  };
}

/**
 * A pod is kept for what the status rules read of it (podProblems, the Pod rules, and
 * matching to its workload by labels): a hundred healthy pods per cluster are most of the
 * cache, and their spec, addresses, owner references and container IDs are never read.
 */
function trimPod(o: any) {
  o.spec = o.spec?.nodeName ? { nodeName: o.spec.nodeName } : {};
  const metadata = o.metadata;
  if (metadata) {
    delete metadata.ownerReferences;
    delete metadata.annotations;
    delete metadata.generateName;
    if (metadata.labels)
      metadata.labels = Object.fromEntries(
        Object.entries(metadata.labels).filter(([k]) => KEPT_LABEL.test(k)),
      );
  }
  const status = o.status;
  if (!status) return;
  for (const field of ['hostIP', 'hostIPs', 'podIP', 'podIPs', 'qosClass'])
    delete status[field];
  for (const field of ['containerStatuses', 'initContainerStatuses'])
    if (Array.isArray(status[field]))
      status[field] = status[field].map((c: any) =>
        c && typeof c === 'object'
          ? {
              name: c.name,
              ready: c.ready,
              restartCount: c.restartCount,
              state: trimContainerState(c.state),
              lastState: trimContainerState(c.lastState),
            }
          : c,
      );
}

/** Shared by every cluster's cache: their objects repeat the same names and values. */
const CACHE_STRINGS = new StringPool();

/**
 * Keeps memory bounded: the cache holds only what the status rules read. managedFields, the
 * last-applied annotation and pod templates are most of a workload; a pod's spec is most
 * of a pod, and its status is what tells why it fails. What is kept is rebuilt compact, its
 * short strings shared across clusters. A cluster's cache shrinks several times over (what
 * a thousand watched clusters need).
 */
function trim(obj: KubernetesObject) {
  const metadata = obj.metadata as any;
  if (metadata) {
    delete metadata.managedFields;
    if (metadata.annotations)
      delete metadata.annotations[
        'kubectl.kubernetes.io/last-applied-configuration'
      ];
  }
  const o = obj as any;
  if (o.spec && TEMPLATED.has(o.kind)) delete o.spec.template;
  if (o.spec && o.kind === 'CronJob') delete o.spec.jobTemplate;
  if (o.kind === 'Pod') trimPod(o);
  // Argo CD keeps every synced resource and its history in the Application's status.
  const status = o.status;
  if (obj.kind === 'Application' && status) {
    delete status.resources;
    delete status.history;
    delete status.summary;
  }
  // In place: the informer's cache holds this very object.
  for (const part of ['metadata', 'spec', 'status'])
    if (o[part] && typeof o[part] === 'object')
      o[part] = compactJson(o[part], CACHE_STRINGS);
}

interface Source {
  path: string;
  /** What a listed item is: the API server leaves kind and apiVersion out of list items. */
  apiVersion: string;
  kind: string;
  list: () => Promise<any>;
  /** Custom resources: a 404 means the agent is not installed, not that the cluster is down. */
  agent?: GitopsAgent;
}

/**
 * Overrides of CLUSTER_WATCH_TIMINGS (tests shorten them), the event limits and the logger.
 *
 * @public
 */
export interface ClusterWatcherOptions extends Partial<ClusterWatchTimings> {
  events?: WarningEventLimits;
  /** Told once per change of reachability or of an agent's access; never a token. */
  logger?: Pick<LoggerService, 'info' | 'warn'>;
}

/**
 * Caches one cluster's managed workloads, their pods, the GitOps agents' objects and recent
 * Warning events. Informers list, then watch from the last resourceVersion; the client
 * relists after 410 Gone. On other errors the cluster is marked unreachable, keeps its
 * last known objects, and is retried with backoff. Missing agent CRDs and unreadable
 * events only narrow what is shown: they never make the cluster unreachable.
 *
 * @public
 */
export class ClusterWatcher {
  private readonly informers: {
    source: Source;
    informer: ListWatch<KubernetesObject>;
  }[];
  private readonly events: WarningEventStore;
  private readonly eventWatch: WarningEventWatch;
  private readonly agents = new Map<GitopsAgent, 'present' | 'absent'>();
  private readonly partial = new Map<string, string>();
  private readonly state: ClusterConnectionState;
  private readonly timings: ClusterWatchTimings;
  private retryDelayMs: number;
  private changes = 0;
  private stopped = false;
  /** What the log last said of reachability, so each change is logged once. */
  private reported?: 'reachable' | 'unreachable';
  private timer?: NodeJS.Timeout;

  constructor(
    readonly nodeGroup: string,
    private readonly kc: KubeConfig,
    private readonly opts: ClusterWatcherOptions = {},
  ) {
    this.state = { nodeGroup, reachable: false };
    this.timings = { ...CLUSTER_WATCH_TIMINGS, ...definedOnly(opts) };
    this.retryDelayMs = this.timings.initialRetryDelayMs;
    const apps = kc.makeApiClient(AppsV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const labelSelector = SELECTOR;
    const sources: Source[] = [
      {
        path: '/apis/apps/v1/deployments',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        list: () => apps.listDeploymentForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/apps/v1/daemonsets',
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        list: () => apps.listDaemonSetForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/batch/v1/jobs',
        apiVersion: 'batch/v1',
        kind: 'Job',
        list: () => batch.listJobForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/batch/v1/cronjobs',
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        list: () => batch.listCronJobForAllNamespaces({ labelSelector }),
      },
      {
        path: '/api/v1/pods',
        apiVersion: 'v1',
        kind: 'Pod',
        list: () => core.listPodForAllNamespaces({ labelSelector }),
      },
      {
        path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
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
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
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
        const items = plainJson(result.items ?? []).map((item: any) => ({
          ...item,
          apiVersion: source.apiVersion,
          kind: source.kind,
        }));
        return { ...result, items };
      };
      const informer = new ListWatch<KubernetesObject>(
        source.path,
        watchFor(kc, this.timings.watchIdleTimeoutMs),
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
    this.eventWatch = new WarningEventWatch(
      kc,
      this.events,
      {
        changed: () => {
          this.changes++;
        },
        partial: (path, message) => this.setPartial(path, message),
        retry: (fn, delayMs) => this.retry(fn, delayMs),
        nextDelay: () => this.nextDelay(),
        stopped: () => this.stopped,
      },
      this.timings,
    );
  }

  private get requestTimeout() {
    return this.timings.requestTimeoutMs;
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
    if (this.reported !== 'reachable')
      this.opts.logger?.info(
        `cluster of node group ${this.nodeGroup} is reachable`,
      );
    this.reported = 'reachable';
    this.state.reachable = true;
    this.state.lastSeen = new Date().toISOString();
    this.state.lastError = undefined;
    this.retryDelayMs = this.timings.initialRetryDelayMs;
  }

  /** Marks the cluster unreachable; logged once per change, not on every retry. */
  private unreachable(reason: string) {
    if (this.reported !== 'unreachable')
      this.opts.logger?.warn(
        `cluster of node group ${this.nodeGroup} is not reachable: ${reason}`,
      );
    this.reported = 'unreachable';
    this.state.reachable = false;
    this.state.lastError = reason;
  }

  /**
   * Records (or clears) what the cluster serves only partly. Logged once per change, and
   * only while the cluster answers: during an outage the outage is the news.
   */
  private setPartial(path: string, message: string | undefined) {
    if (this.partial.get(path) === message) return;
    if (message === undefined) this.partial.delete(path);
    else this.partial.set(path, message);
    if (!this.state.reachable) return;
    if (message === undefined)
      this.opts.logger?.info(
        `cluster of node group ${this.nodeGroup}: ${path} is readable again`,
      );
    else
      this.opts.logger?.warn(
        `cluster of node group ${this.nodeGroup}: ${message}`,
      );
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
      this.timings.maxRetryDelayMs,
    );
    return delay;
  }

  private failed(
    source: Source,
    informer: ListWatch<KubernetesObject>,
    err: any,
  ) {
    if (this.stopped) return;
    const restart = () => {
      void informer.start().catch(e => this.failed(source, informer, e));
      // A watch that reconnects says nothing until something changes: ask the version
      // so that a cluster back from an outage is reachable at once, not at the next check.
      if (!this.state.reachable) void this.checkVersion();
    };
    if (source.agent && statusCode(err) === 404) {
      // The agent's CRD is not installed: nothing to show, look again later.
      this.agents.set(source.agent, 'absent');
      this.retry(restart, this.timings.absentRetryMs);
      return;
    }
    if (source.agent && statusCode(err) === 403) {
      this.setPartial(
        source.path,
        `cannot read ${source.path} (HTTP 403): grant list/watch to see the synced revision`,
      );
      this.retry(restart, this.timings.absentRetryMs);
      return;
    }
    this.unreachable(describeKubeError(err));
    this.retry(restart, this.nextDelay());
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
      this.unreachable(describeKubeError(e));
    }
  }

  async start(): Promise<void> {
    await this.checkVersion();
    await Promise.all(
      this.informers.map(({ source, informer }) =>
        informer.start().catch(e => this.failed(source, informer, e)),
      ),
    );
    void this.eventWatch.start();
    this.timer = setInterval(
      () => void this.checkVersion(),
      this.timings.versionIntervalMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.eventWatch.stop();
    await Promise.all(this.informers.map(({ informer }) => informer.stop()));
  }

  connection(): ClusterConnectionState {
    const agents = [...this.agents]
      .filter(([, presence]) => presence === 'present')
      .map(([agent]) => agent);
    return {
      ...this.state,
      gitopsAgents: agents,
      // During an outage the outage is the news, not what failed with it.
      ...(this.state.reachable && this.partial.size
        ? { warnings: [...this.partial.values()] }
        : {}),
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

/** The options that were given, so that an undefined one keeps the default. */
function definedOnly(opts: ClusterWatcherOptions) {
  const out: Partial<ClusterWatchTimings> = {};
  for (const key of Object.keys(
    CLUSTER_WATCH_TIMINGS,
  ) as (keyof ClusterWatchTimings)[])
    if (typeof opts[key] === 'number') out[key] = opts[key];
  return out;
}
