import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import {
  mapWithConcurrency,
  NodeGroupContents,
  redact,
} from '@edge-gitops/plugin-edge-gitops-node';
import type { HeadReader } from './headReader';
import { IndexedHead, locationKey, PlacementIndex } from './PlacementIndex';

/** @public */
export interface PlacementReconcilerOptions {
  index: PlacementIndex;
  /** The branch head of a location (ls-remote for remote ones, cached briefly). */
  readHead: HeadReader;
  /** What a node group's folder holds at its head (a fetch for remote ones). */
  readContents: (group: NodeGroup) => Promise<NodeGroupContents>;
  logger: LoggerService;
  /** Node groups read at the same time. */
  concurrency?: number;
  /** A node group checked this recently is not checked again by a read request. */
  minIntervalMs?: number;
}

/**
 * Keeps the placement index in step with the git heads. Comparing a node group's head with
 * the indexed one costs a ref read (local) or an ls-remote (remote, cached); only a moved
 * head makes it read the folder again. Reads of one node group are coalesced.
 */
export class PlacementReconciler {
  private readonly inFlight = new Map<
    string,
    Promise<IndexedHead | undefined>
  >();
  private readonly checkedAt = new Map<string, number>();

  constructor(private readonly options: PlacementReconcilerOptions) {}

  /**
   * Brings the given node groups up to date and answers every indexed head as it is then
   * (readers need them, and need not read them again). `reread` reads their folders whatever
   * the heads say (after a publish, when a cached head may be behind); `recent` skips node
   * groups checked within minIntervalMs (read requests use it).
   */
  async refresh(
    groups: readonly NodeGroup[],
    opts: { reread?: boolean; recent?: 'skip' } = {},
  ): Promise<Map<string, IndexedHead>> {
    const now = Date.now();
    const minInterval = this.options.minIntervalMs ?? 2_000;
    const due = groups.filter(
      g =>
        opts.recent !== 'skip' ||
        now - (this.checkedAt.get(g.name) ?? 0) >= minInterval,
    );
    const heads = await this.options.index.heads();
    const read = await mapWithConcurrency(
      due,
      this.options.concurrency ?? 8,
      g => this.refreshOne(g, heads.get(g.name), Boolean(opts.reread)),
    );
    due.forEach((g, i) => {
      const head = read[i];
      if (head) heads.set(g.name, head);
    });
    return heads;
  }

  /** The scheduled pass: every node group of the catalog; those that left it are forgotten. */
  async reconcile(groups: readonly NodeGroup[]): Promise<void> {
    await this.options.index.retain(new Set(groups.map(g => g.name)));
    await this.refresh(groups);
  }

  private refreshOne(
    group: NodeGroup,
    indexed: IndexedHead | undefined,
    reread: boolean,
  ): Promise<IndexedHead | undefined> {
    const running = this.inFlight.get(group.name);
    if (running && !reread) return running;
    const next = (running ?? Promise.resolve())
      .then(() => this.read(group, indexed, reread))
      .finally(() => {
        if (this.inFlight.get(group.name) === next)
          this.inFlight.delete(group.name);
      });
    this.inFlight.set(group.name, next);
    return next;
  }

  /** Reads one node group if its head or location moved; answers its indexed head then. */
  private async read(
    group: NodeGroup,
    indexed: IndexedHead | undefined,
    reread: boolean,
  ): Promise<IndexedHead | undefined> {
    const { index, readHead, readContents, logger } = this.options;
    const location = locationKey(group.git);
    const now = Date.now();
    this.checkedAt.set(group.name, now);
    try {
      if (!reread) {
        const current = await readHead(group.git);
        if (current.error) throw new Error(current.error);
        const same =
          indexed &&
          !indexed.error &&
          indexed.location === location &&
          indexed.head === (current.head ?? null);
        if (same) return indexed;
      }
      const contents = await readContents(group);
      await index.record(
        group.name,
        location,
        contents.head,
        contents.applications,
        now,
      );
      return {
        nodeGroup: group.name,
        location,
        head: contents.head ?? null,
        error: null,
        indexedAt: now,
      };
    } catch (e) {
      const error = redact((e as Error).message ?? String(e)).slice(0, 300);
      if (indexed?.error === error) return indexed;
      logger.warn(`placement index: node group ${group.name}: ${error}`);
      await index.recordError(group.name, location, error, now);
      return {
        ...(indexed ?? { nodeGroup: group.name, location, head: null }),
        error,
        indexedAt: now,
      };
    }
  }
}
