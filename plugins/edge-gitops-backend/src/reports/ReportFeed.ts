import type { ClusterStatusService } from '../service/ClusterStatusService';
import type { ReporterTokens } from './ReporterTokens';
import type { ReportStore } from './ReportStore';

/**
 * Brings what reporters sent from the database into the cluster status service, at most
 * once per `ttlMs` (and at once after this instance stored a report): requests read it
 * from memory, and another instance's reports show within `ttlMs`.
 */
export class ReportFeed {
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly deps: {
      store: ReportStore;
      tokens: ReporterTokens;
      clusters: ClusterStatusService;
      silentAfterMs: number;
      ttlMs?: number;
    },
  ) {}

  /** Loads again unless it did within ttlMs; concurrent callers share one load. */
  async refresh(opts: { force?: boolean } = {}): Promise<void> {
    const ttlMs = this.deps.ttlMs ?? 1000;
    if (!opts.force && Date.now() - this.loadedAt < ttlMs) {
      return;
    }
    if (!this.loading)
      this.loading = (async () => {
        const [states, reporting] = await Promise.all([
          this.deps.store.all(),
          this.deps.tokens.reportingNodeGroups(),
        ]);
        this.deps.clusters.setReports({
          states,
          reporting,
          silentAfterMs: this.deps.silentAfterMs,
        });
        this.loadedAt = Date.now();
      })().finally(() => {
        this.loading = undefined;
      });
    await this.loading;
  }
}
