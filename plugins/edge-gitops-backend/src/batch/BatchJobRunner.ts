import crypto from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  decideBatchStep,
  EdgeApplication,
  NodeGroup,
  NodeGroupHealth,
  TargetsError,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';
import type { BatchJobStore, StoredStep } from './BatchJobStore';

/**
 * How the runner publishes one wave: the EdgePublisher limited to the wave's node groups
 * (`only`), every catalog node group given so that the targets resolve as they always do,
 * with the job's id as the commits' Batch-Job trailer.
 */
export type WavePublisher = (
  app: EdgeApplication,
  call: {
    nodeGroups: readonly NodeGroup[];
    only: ReadonlySet<string>;
    batchJob: string;
    requestedBy: string;
  },
) => Promise<PublishResult>;

/** What the clusters say about an application in some node groups (ours: their commits). */
export type HealthSource = (
  application: string,
  nodeGroups: readonly { name: string; commit?: string; group?: NodeGroup }[],
) => Promise<Map<string, NodeGroupHealth>>;

export interface BatchJobRunnerOptions {
  store: BatchJobStore;
  publish: WavePublisher;
  health: HealthSource;
  /** The node groups of the catalog now (the job publishes to them by name). */
  nodeGroups: () => Promise<readonly NodeGroup[]>;
  logger: LoggerService;
  /** This backend instance, as lease owner. */
  owner?: string;
  leaseMs?: number;
  now?: () => number;
}

/** Steps per job per run at most: enough to cross a few waves without waits at once. */
const MAX_STEPS = 8;

/**
 * Runs batch jobs: claims the active ones (leases in the database), and for each takes
 * steps (decideBatchStep) until it has to wait for clusters or time. Run from Backstage's
 * scheduler on every instance; the leases make sure only one instance runs a job.
 */
export class BatchJobRunner {
  readonly owner: string;
  private readonly leaseMs: number;
  /** Jobs claimed in the last round: released at shutdown so another instance goes on. */
  private held: readonly string[] = [];
  private readonly now: () => number;

  constructor(private readonly options: BatchJobRunnerOptions) {
    this.owner = options.owner ?? `edge-gitops-${crypto.randomUUID()}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** One round over every job this instance may run; answers how many it stepped. */
  async runOnce(): Promise<number> {
    const ids = await this.options.store.claim(
      this.owner,
      this.now(),
      this.leaseMs,
    );
    this.held = ids;
    let groups: readonly NodeGroup[] | undefined;
    const catalog = async () => (groups ??= await this.options.nodeGroups());
    for (const id of ids) {
      try {
        await this.run(id, catalog);
      } catch (e) {
        // The job stays claimed until its lease runs out, then it is tried again.
        this.options.logger.warn(
          `batch job ${id}: step failed: ${(e as Error).message}`,
        );
      }
    }
    return ids.length;
  }

  private async run(
    id: string,
    catalog: () => Promise<readonly NodeGroup[]>,
  ): Promise<void> {
    const { store } = this.options;
    for (let i = 0; i < MAX_STEPS; i++) {
      const stored = await store.step(id);
      if (!stored) return;
      const { snapshot } = stored;
      const watched = snapshot.groups.filter(
        g => g.state === 'pending' || g.state === 'published',
      );
      let health = new Map<string, NodeGroupHealth>();
      if (watched.length) {
        const byName = new Map((await catalog()).map(g => [g.name, g]));
        health = await this.options.health(
          stored.application.metadata.name,
          watched.map(g => ({ ...g, group: byName.get(g.name) })),
        );
      }
      const now = this.now();
      const step = decideBatchStep(snapshot, health, now);
      const lease = { owner: this.owner, now, leaseMs: this.leaseMs };
      if (!(await store.apply(stored, step, lease))) return;
      if (step.publish.length)
        await this.publish(stored, step.publish, catalog);
      // Stop here when the step only waits (for clusters, the soak or the pause).
      if (
        !step.advance &&
        !step.job &&
        !step.publish.length &&
        !step.defer.length
      )
        return;
      if (step.job && !['Running', 'Stopping'].includes(step.job)) return;
    }
  }

  private async publish(
    stored: StoredStep,
    names: string[],
    catalog: () => Promise<readonly NodeGroup[]>,
  ): Promise<void> {
    const all = await catalog();
    const byName = new Map(all.map(g => [g.name, g]));
    const found = names.filter(n => byName.has(n));
    const results: { name: string; commit?: string; reason?: string }[] = names
      .filter(n => !byName.has(n))
      .map(name => ({
        name,
        reason: 'the node group is no longer in the catalog',
      }));
    if (found.length) {
      let published: PublishResult;
      try {
        published = await this.options.publish(stored.application, {
          nodeGroups: all,
          only: new Set(found),
          batchJob: stored.id,
          requestedBy: stored.createdBy,
        });
      } catch (e) {
        // Targets that no longer resolve (the catalog changed): the wave fails with why.
        // Anything else leaves the node groups pending, to be published again.
        if (!(e instanceof TargetsError)) throw e;
        const reason = e.message;
        published = {
          application: stored.application.metadata.name,
          ok: false,
          outcomes: found.map(nodeGroup => ({
            nodeGroup,
            status: 'failed',
            reason,
          })),
        };
      }
      for (const o of published.outcomes)
        results.push(
          o.status === 'committed' || o.status === 'unchanged'
            ? { name: o.nodeGroup, commit: o.sha }
            : {
                name: o.nodeGroup,
                reason: o.reason ?? `publishing ended ${o.status}`,
              },
        );
    }
    await this.options.store.recordPublished(stored, results, {
      owner: this.owner,
      now: this.now(),
    });
  }

  /** Lets other instances take this instance's jobs at once (shutdown). */
  async releaseAll(): Promise<void> {
    const held = this.held;
    this.held = [];
    await Promise.all(
      held.map(id => this.options.store.release(id, this.owner)),
    );
  }
}
