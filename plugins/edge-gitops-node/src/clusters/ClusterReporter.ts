import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  applicationsInNodeGroup,
  NodeGroupReport,
  NodeGroupReportAnswer,
  nodeGroupReportFor,
  ReportedClusterState,
  StoredReport,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ClusterWatcher } from './ClusterWatcher';

/** @public */
export interface ClusterReporterOptions {
  nodeGroup: string;
  /** The Backstage backend's base URL; reports go to its /api/edge-gitops. */
  backendUrl: string;
  /** The node group's reporter token (issued on its page in Backstage). */
  token: string;
  /** The cluster's cache: the same watcher and status rules the backend uses. */
  watcher: Pick<ClusterWatcher, 'objects' | 'agentObjects' | 'connection'>;
  logger?: Pick<LoggerService, 'info' | 'warn'>;
  fetch?: typeof fetch;
}

/**
 * The backend refused the token: retrying cannot help until someone issues a new one.
 *
 * @public
 */
export class ReporterTokenRefusedError extends Error {}

/**
 * Pushes one cluster's status out to the backend, from inside the cluster (edge clusters
 * behind NAT the backend cannot reach). Each report carries only what changed since the
 * report the backend acknowledged; a snapshot goes first, after any failed send and when
 * the backend asks for one (a gap: it restarted, or lost a report).
 *
 * @public
 */
export class ClusterReporter {
  /** What the backend acknowledged; undefined: the next report is a snapshot. */
  private acknowledged?: StoredReport;

  constructor(private readonly opts: ClusterReporterOptions) {}

  /** The cluster as the reporter sees it now. */
  state(): ReportedClusterState {
    const { nodeGroup, watcher } = this.opts;
    // The reporter's own clock says when the cluster was seen; the backend stamps receipt.
    const {
      nodeGroup: _n,
      lastSeen: _l,
      simulated: _s,
      ...cluster
    } = watcher.connection();
    return {
      cluster,
      applications: Object.fromEntries(
        applicationsInNodeGroup(nodeGroup, watcher.objects() as any[]).map(
          a => [a.application, a],
        ),
      ),
      agents: watcher.agentObjects() as ReportedClusterState['agents'],
    };
  }

  private async send(report: NodeGroupReport): Promise<Response> {
    const url = `${this.opts.backendUrl.replace(
      /\/+$/,
      '',
    )}/api/edge-gitops/node-groups/${encodeURIComponent(
      this.opts.nodeGroup,
    )}/reports`;
    return (this.opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.opts.token}`,
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(30_000),
    });
  }

  /** Sends one report (a delta, or a snapshot when needed); resolves with the answer. */
  async reportOnce(): Promise<
    NodeGroupReportAnswer & { report: NodeGroupReport }
  > {
    for (let attempt = 1; ; attempt++) {
      const now = this.state();
      const report = nodeGroupReportFor(now, this.acknowledged);
      let res: Response;
      try {
        res = await this.send(report);
      } catch (e) {
        this.acknowledged = undefined; // unknown whether it arrived: start over
        throw new Error(`could not reach the backend: ${(e as Error).message}`);
      }
      const answer = (await res
        .json()
        .catch(() => ({}))) as NodeGroupReportAnswer;
      if (
        res.status === 409 &&
        answer.snapshot === 'required' &&
        attempt === 1
      ) {
        this.acknowledged = undefined;
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        this.acknowledged = undefined;
        throw new ReporterTokenRefusedError(
          `the backend refused the reporter token of node group ${this.opts.nodeGroup} (HTTP ${res.status}): issue a new one on the node group's page`,
        );
      }
      if (!res.ok || !answer.accepted) {
        this.acknowledged = undefined;
        throw new Error(
          `the backend did not take the report (HTTP ${res.status}${
            (answer as any)?.error?.message
              ? `: ${(answer as any).error.message}`
              : ''
          })`,
        );
      }
      this.acknowledged = { sequence: report.sequence, state: now };
      return { ...answer, report };
    }
  }

  /**
   * Reports every `intervalMs` until `signal` aborts. Failures are logged and retried at
   * the next interval (a refused token too: it may be issued again); the loop never stops
   * on its own.
   */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    let failing = false;
    while (!signal.aborted) {
      try {
        const { report } = await this.reportOnce();
        if (failing || report.snapshot)
          this.opts.logger?.info(
            `reported node group ${this.opts.nodeGroup} (${
              report.snapshot ? 'snapshot' : 'delta'
            } ${report.sequence})`,
          );
        failing = false;
      } catch (e) {
        if (!failing) this.opts.logger?.warn((e as Error).message);
        failing = true;
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, intervalMs);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}
