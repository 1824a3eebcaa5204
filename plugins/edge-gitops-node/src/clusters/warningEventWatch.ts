import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  describeKubeError,
  plainJson,
  statusCode,
  watchFor,
  withTimeout,
} from './kubeRequests';
import type { WarningEventStore } from './warningEventStore';

const EVENTS_PATH = '/api/v1/events';
const FIELD_SELECTOR = 'type=Warning';

/**
 * What the event watch tells the cluster watcher that owns it.
 *
 * @public
 */
export interface WarningEventWatchHost {
  /** The store changed. */
  changed(): void;
  /** Events cannot be read (message), or can again (undefined). */
  partial(path: string, message: string | undefined): void;
  /** Runs `fn` after `delayMs` unless the watcher stopped. */
  retry(fn: () => void, delayMs: number): void;
  /** The next backoff delay after an error. */
  nextDelay(): number;
  stopped(): boolean;
}

/**
 * Warning events of one cluster: a cluster-wide list then watch filtered by type (events
 * carry no labels of ours), resumed from the last resourceVersion, listed again after
 * 410 Gone, backed off on errors. An RBAC refusal is retried rarely: it will not heal soon.
 *
 * @public
 */
export class WarningEventWatch {
  private request?: AbortController;
  private resourceVersion = '';

  constructor(
    private readonly kc: KubeConfig,
    private readonly store: WarningEventStore,
    private readonly host: WarningEventWatchHost,
    private readonly timings: {
      requestTimeoutMs: number;
      absentRetryMs: number;
      watchIdleTimeoutMs: number;
    },
  ) {}

  async start(): Promise<void> {
    if (this.host.stopped()) return;
    try {
      if (!this.resourceVersion) {
        const list = await withTimeout(
          this.kc
            .makeApiClient(CoreV1Api)
            .listEventForAllNamespaces({ fieldSelector: FIELD_SELECTOR }),
          this.timings.requestTimeoutMs,
          `listing ${EVENTS_PATH}`,
        );
        this.store.reset(plainJson(list.items));
        this.resourceVersion = list.metadata?.resourceVersion ?? '';
        this.host.changed();
      }
      this.host.partial(EVENTS_PATH, undefined);
      this.request = await watchFor(
        this.kc,
        this.timings.watchIdleTimeoutMs,
      ).watch(
        EVENTS_PATH,
        {
          fieldSelector: FIELD_SELECTOR,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
        },
        (type, obj) => this.onEvent(type, obj),
        err => {
          if (this.host.stopped()) return;
          if (!err || err.name === 'TimeoutError') void this.start();
          else this.failed(err);
        },
      );
    } catch (err: any) {
      this.failed(err);
    }
  }

  stop(): void {
    this.request?.abort();
  }

  private onEvent(type: string, obj: any) {
    if (type === 'ERROR') {
      if (obj?.code === 410) this.resourceVersion = '';
      return;
    }
    this.resourceVersion =
      obj?.metadata?.resourceVersion ?? this.resourceVersion;
    if (type === 'BOOKMARK') return;
    const changed =
      type === 'DELETED' ? this.store.remove(obj) : this.store.put(obj);
    if (changed) this.host.changed();
  }

  private failed(err: any) {
    if (this.host.stopped()) return;
    if (statusCode(err) === 410) this.resourceVersion = '';
    this.host.partial(EVENTS_PATH, `warning events: ${describeKubeError(err)}`);
    this.host.retry(
      () => void this.start(),
      statusCode(err) === 403
        ? this.timings.absentRetryMs
        : this.host.nextDelay(),
    );
  }
}
