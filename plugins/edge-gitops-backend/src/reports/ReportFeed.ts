import type { ClusterStatusService } from '../service/ClusterStatusService';
import type { ReporterTokens } from './ReporterTokens';
import { ReportedNodeGroup, reportKey, ReportStore } from './ReportStore';

/**
 * How far back each load looks beyond the newest report it has seen: reports are stamped
 * with the clock of the instance that received them, and instances' clocks differ a little.
 */
const CLOCK_SKEW_MS = 10_000;

/** Tokens change rarely (issued or revoked by a person): read them every few seconds. */
const TOKENS_TTL_MS = 5_000;

/**
 * Brings what reporters sent from the database into the cluster status service, at most
 * once per `ttlMs` and only the reports that arrived since the last load (a report this
 * instance stored goes in at once): requests read from memory, and another instance's
 * reports show within `ttlMs`.
 *
 * @public
 */
export class ReportFeed {
  private loadedAt = 0;
  /** The newest reported_at seen; the next load reads from a little before it. */
  private newest = 0;
  /** Node groups with a live token, read at most every TOKENS_TTL_MS. */
  private reporting?: { at: number; groups: ReadonlySet<string> };
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

  /** Loads what arrived unless it did within ttlMs; concurrent callers share one load. */
  async refresh(opts: { force?: boolean } = {}): Promise<void> {
    const ttlMs = this.deps.ttlMs ?? 1000;
    if (!opts.force && Date.now() - this.loadedAt < ttlMs) return;
    if (!this.loading)
      this.loading = (async () => {
        const since = this.newest ? this.newest - CLOCK_SKEW_MS : 0;
        const tokensDue =
          !this.reporting ||
          opts.force ||
          Date.now() - this.reporting.at > TOKENS_TTL_MS;
        const [states, groups] = await Promise.all([
          // Only states that differ from the report held are read and parsed.
          this.deps.store.since(since, n => {
            const held = this.held(n);
            return held && reportKey(held.sequence, held.reportedAt);
          }),
          tokensDue ? this.deps.tokens.reportingNodeGroups() : undefined,
        ]);
        if (groups) this.reporting = { at: Date.now(), groups };
        this.take(states, groups);
        this.loadedAt = Date.now();
      })().finally(() => {
        this.loading = undefined;
      });
    await this.loading;
  }

  /** The report this instance holds for a node group (what the next delta builds on). */
  held(nodeGroup: string): ReportedNodeGroup | undefined {
    return this.deps.clusters.reportOf(nodeGroup);
  }

  /** A report this instance just stored: answered from at once, without a load. */
  took(stored: ReportedNodeGroup): void {
    this.take([stored]);
  }

  private take(states: ReportedNodeGroup[], reporting?: ReadonlySet<string>) {
    for (const s of states) {
      this.newest = Math.max(this.newest, s.reportedAt);
    }
    this.deps.clusters.putReports({
      states,
      reporting,
      silentAfterMs: this.deps.silentAfterMs,
    });
  }
}
