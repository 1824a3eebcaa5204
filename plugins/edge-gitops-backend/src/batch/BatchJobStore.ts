import type { Knex } from 'knex';
import { migrateToLatest } from '../database/migrations';
import {
  ACTIVE_BATCH_STATES,
  BatchJobDetail,
  BatchJobEvent,
  BatchJobOptions,
  BatchJobState,
  BatchJobSummary,
  BatchNodeGroupState,
  BatchProgress,
  BatchSnapshot,
  BatchStep,
  BatchWaveState,
  EdgeApplication,
} from '@edge-gitops/plugin-edge-gitops-common';

const JOBS = 'batch_jobs';
const WAVES = 'batch_waves';
const GROUPS = 'batch_node_groups';
const EVENTS = 'batch_events';
/** Rows per INSERT: well under SQLite's bound-parameter limit. */
const CHUNK = 200;

type Row = Record<string, any>;

/** What a job stores besides its rows: the application and how to roll it out. */
interface JobSpec {
  application: EdgeApplication;
  options: BatchJobOptions;
}

/** A new job: its id, the application, options, node groups per wave, who asked. */
export interface NewBatchJob {
  id: string;
  spec: JobSpec;
  waves: string[][];
  createdBy: string;
  now: number;
}

/** The runner's view of a job for one step. */
export interface StoredStep {
  id: string;
  attempt: number;
  createdBy: string;
  application: EdgeApplication;
  snapshot: BatchSnapshot;
}

/** Who asked for what, answered with the state the job was found in when refused. */
export type Request = 'stop' | 'continue' | 'retry';

const iso = (ms: unknown) =>
  ms === null || ms === undefined
    ? undefined
    : new Date(Number(ms)).toISOString();
const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

const emptyProgress = (): BatchProgress => ({
  pending: 0,
  published: 0,
  healthy: 0,
  failed: 0,
  skipped: 0,
});

/**
 * Batch jobs in the backend plugin's database (SQLite by default, PostgreSQL in production).
 * Every write a runner makes is conditional on holding the job's lease, so two backend
 * instances never run the same step; reads for a step touch only the current wave's rows.
 */
export class BatchJobStore {
  static async create(knex: Knex, options: { skipMigrations?: boolean } = {}) {
    if (!options.skipMigrations) await migrateToLatest(knex);
    return new BatchJobStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async insert(job: NewBatchJob): Promise<void> {
    await this.db.transaction(async trx => {
      await trx(JOBS).insert({
        id: job.id,
        application: job.spec.application.metadata.name,
        state: 'Queued',
        spec: JSON.stringify(job.spec),
        attempt: 1,
        current_wave: 0,
        wave_count: job.waves.length,
        created_by: job.createdBy,
        created_at: job.now,
        updated_at: job.now,
      });
      await trx.batchInsert(
        WAVES,
        job.waves.map((_, index) => ({
          job_id: job.id,
          index,
          state: 'pending',
          deferred: false,
        })),
        CHUNK,
      );
      let position = 0;
      await trx.batchInsert(
        GROUPS,
        job.waves.flatMap((names, wave) =>
          names.map(name => ({
            job_id: job.id,
            name,
            position: position++,
            wave,
            state: 'pending',
            attempt: 1,
          })),
        ),
        CHUNK,
      );
      await trx(EVENTS).insert({
        job_id: job.id,
        at: job.now,
        actor: job.createdBy,
        action: 'created',
        message: `${position} node group(s) in ${job.waves.length} wave(s)`,
      });
    });
  }

  /** Jobs, newest first, with their progress. */
  async list(query: {
    state?: BatchJobState[];
    application?: string;
    offset: number;
    limit: number;
  }): Promise<{ items: BatchJobSummary[]; totalCount: number }> {
    const filtered = () => {
      const q = this.db(JOBS);
      if (query.state?.length) q.whereIn('state', query.state);
      if (query.application) q.where('application', query.application);
      return q;
    };
    const [{ count }] = await filtered().count({ count: '*' });
    const rows = await filtered()
      .select('*')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(query.offset)
      .limit(query.limit);
    const progress = await this.progressOf(rows.map(r => r.id));
    return {
      items: rows.map(r => summaryOf(r, progress.get(r.id))),
      totalCount: Number(count),
    };
  }

  async detail(id: string): Promise<BatchJobDetail | undefined> {
    const job = await this.db(JOBS).where({ id }).first();
    if (!job) return undefined;
    const [waves, groups, events] = await Promise.all([
      this.db(WAVES).where({ job_id: id }).orderBy('index'),
      this.db(GROUPS).where({ job_id: id }).orderBy('position'),
      this.db(EVENTS).where({ job_id: id }).orderBy('id'),
    ]);
    const progress = emptyProgress();
    for (const g of groups) progress[g.state as BatchNodeGroupState] += 1;
    const spec: JobSpec = JSON.parse(job.spec);
    const byWave = new Map<number, string[]>();
    for (const g of groups)
      byWave.set(g.wave, [...(byWave.get(g.wave) ?? []), g.name]);
    return {
      ...summaryOf(job, progress),
      options: spec.options,
      images: [
        ...new Set(
          (spec.application.spec.services ?? []).flatMap(s =>
            s.containers.map(c => c.image),
          ),
        ),
      ],
      waves: waves.map(w => ({
        index: w.index,
        state: w.state,
        nodeGroups: byWave.get(w.index) ?? [],
        startedAt: iso(w.started_at),
        finishedAt: iso(w.finished_at),
        ...(w.deferred ? { deferred: true } : {}),
      })),
      nodeGroups: groups.map(g => ({
        name: g.name,
        wave: g.wave,
        state: g.state,
        ...(g.reason ? { reason: g.reason } : {}),
        ...(g.commit ? { commit: g.commit } : {}),
        attempt: g.attempt,
      })),
      events: events.map(e => ({
        at: iso(e.at)!,
        actor: e.actor,
        action: e.action as BatchJobEvent['action'],
        message: e.message,
      })),
    };
  }

  /**
   * Claims the active jobs whose lease is free, expired or already ours: one conditional
   * UPDATE per job, so of two instances asking at once exactly one gets each job.
   */
  async claim(owner: string, now: number, leaseMs: number): Promise<string[]> {
    const candidates = await this.db(JOBS)
      .whereIn('state', ACTIVE_BATCH_STATES as BatchJobState[])
      .andWhere(q =>
        q
          .whereNull('lease_owner')
          .orWhere('lease_until', '<', now)
          .orWhere('lease_owner', owner),
      )
      .orderBy('created_at')
      .select('id');
    const claimed: string[] = [];
    for (const { id } of candidates) {
      const n = await this.db(JOBS)
        .where({ id })
        .whereIn('state', ACTIVE_BATCH_STATES as BatchJobState[])
        .andWhere(q =>
          q
            .whereNull('lease_owner')
            .orWhere('lease_until', '<', now)
            .orWhere('lease_owner', owner),
        )
        .update({ lease_owner: owner, lease_until: now + leaseMs });
      if (n === 1) claimed.push(id);
    }
    return claimed;
  }

  /** Gives up a job's lease (at shutdown, or when the job is no longer active). */
  async release(id: string, owner: string): Promise<void> {
    await this.db(JOBS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  /** The job as a step sees it: counts, the current wave and its node groups. */
  async step(id: string): Promise<StoredStep | undefined> {
    const job = await this.db(JOBS).where({ id }).first();
    if (!job) return undefined;
    const [progress, wave, groups] = await Promise.all([
      this.progressOf([id]).then(p => p.get(id) ?? emptyProgress()),
      this.db(WAVES).where({ job_id: id, index: job.current_wave }).first(),
      this.db(GROUPS)
        .where({ job_id: id, wave: job.current_wave })
        .orderBy('position')
        .select('name', 'state', 'commit', 'current_since'),
    ]);
    const spec: JobSpec = JSON.parse(job.spec);
    return {
      id,
      attempt: job.attempt,
      createdBy: job.created_by,
      application: spec.application,
      snapshot: {
        state: job.state,
        options: spec.options,
        progress,
        currentWave: job.current_wave,
        waveCount: job.wave_count,
        wave: {
          state: (wave?.state ?? 'done') as BatchWaveState,
          startedAt: num(wave?.started_at),
          finishedAt: num(wave?.finished_at),
          deferred: Boolean(wave?.deferred),
        },
        groups: groups.map(g => ({
          name: g.name,
          state: g.state,
          ...(g.commit ? { commit: g.commit } : {}),
          ...(g.current_since !== null
            ? { currentSince: Number(g.current_since) }
            : {}),
        })),
      },
    };
  }

  /**
   * Writes a step while holding the lease (renewing it). False when the lease was lost:
   * another instance runs the job now, and nothing was written.
   */
  async apply(
    stored: StoredStep,
    step: BatchStep,
    lease: { owner: string; now: number; leaseMs: number },
  ): Promise<boolean> {
    const { id } = stored;
    const { owner, now } = lease;
    const final = step.job && !ACTIVE_BATCH_STATES.includes(step.job);
    return this.db.transaction(async trx => {
      const job = await trx(JOBS).where({ id, lease_owner: owner }).first();
      if (!job || Number(job.lease_until) < now) return false;
      // A stop or continue that arrived since the snapshot: this step is void, the next one
      // decides from the new state.
      if (job.state !== stored.snapshot.state) return false;
      const jobUpdate: Row = {
        updated_at: now,
        lease_until: now + lease.leaseMs,
      };
      if (step.job) jobUpdate.state = step.job;
      if (final) {
        jobUpdate.finished_at = now;
        jobUpdate.lease_owner = null;
        jobUpdate.lease_until = null;
      }
      const wave = stored.snapshot.currentWave;
      if (step.wave) {
        const w: Row = { state: step.wave.state };
        if (step.wave.startedAt !== undefined)
          w.started_at = step.wave.startedAt;
        if (step.wave.finishedAt !== undefined)
          w.finished_at = step.wave.finishedAt;
        await trx(WAVES).where({ job_id: id, index: wave }).update(w);
      }
      for (const g of step.groups) {
        const u: Row = {};
        if (g.state) {
          u.state = g.state;
          u.attempt = stored.attempt;
        }
        if (g.reason !== undefined) u.reason = g.reason || null;
        if (g.currentSince !== undefined) u.current_since = g.currentSince;
        await trx(GROUPS).where({ job_id: id, name: g.name }).update(u);
      }
      let waveCount = job.wave_count;
      if (step.defer.length) {
        let deferred = await trx(WAVES)
          .where({ job_id: id, deferred: true })
          .first();
        if (!deferred) {
          deferred = { index: waveCount };
          await trx(WAVES).insert({
            job_id: id,
            index: waveCount,
            state: 'pending',
            deferred: true,
          });
          waveCount += 1;
          jobUpdate.wave_count = waveCount;
        }
        await trx(GROUPS)
          .where({ job_id: id })
          .whereIn('name', step.defer)
          .update({ wave: deferred.index });
      }
      if (step.skipPending)
        await trx(GROUPS)
          .where({ job_id: id, state: 'pending' })
          .update({ state: 'skipped', reason: step.skipPending });
      if (step.advance && wave + 1 < waveCount)
        jobUpdate.current_wave = wave + 1;
      await trx(JOBS).where({ id }).update(jobUpdate);
      if (step.events.length)
        await trx(EVENTS).insert(
          step.events.map(e => ({
            job_id: id,
            at: now,
            actor: 'edge-gitops',
            action: e.action,
            message: e.message,
          })),
        );
      return true;
    });
  }

  /** What publishing did in each node group of a wave, while holding the lease. */
  async recordPublished(
    stored: StoredStep,
    results: { name: string; commit?: string; reason?: string }[],
    lease: { owner: string; now: number },
  ): Promise<boolean> {
    return this.db.transaction(async trx => {
      const job = await trx(JOBS)
        .where({ id: stored.id, lease_owner: lease.owner })
        .first();
      if (!job) return false;
      for (const r of results)
        await trx(GROUPS)
          .where({ job_id: stored.id, name: r.name, state: 'pending' })
          .update(
            r.commit
              ? {
                  state: 'published',
                  commit: r.commit,
                  reason: null,
                  attempt: stored.attempt,
                }
              : {
                  state: 'failed',
                  reason: r.reason ?? 'publishing failed',
                  attempt: stored.attempt,
                },
          );
      return true;
    });
  }

  /**
   * Stop, continue or retry, as a person asks: a conditional update on the job's state, so a
   * request that does not fit the state changes nothing. Answers the state found when refused.
   */
  async request(
    id: string,
    request: Request,
    actor: string,
    now: number,
  ): Promise<{ ok: true } | { ok: false; state?: BatchJobState }> {
    return this.db.transaction(async trx => {
      const job = await trx(JOBS).where({ id }).first();
      if (!job) return { ok: false };
      const event = (action: BatchJobEvent['action'], message: string) =>
        trx(EVENTS).insert({ job_id: id, at: now, actor, action, message });
      const move = (
        from: BatchJobState[],
        to: BatchJobState,
        extra: Row = {},
      ) =>
        trx(JOBS)
          .where({ id })
          .whereIn('state', from)
          .update({ state: to, updated_at: now, ...extra });
      if (request === 'stop') {
        const n =
          job.state === 'Queued'
            ? await move(['Queued'], 'Stopped')
            : await move(['Running'], 'Stopping');
        if (!n) return { ok: false, state: job.state };
        await event(
          'stopped',
          job.state === 'Queued'
            ? 'stopped before it started'
            : 'stop requested: finishing what is in flight, starting nothing new',
        );
        return { ok: true };
      }
      if (request === 'continue') {
        const n = await move(['Stopped'], 'Running', { finished_at: null });
        if (!n) return { ok: false, state: job.state };
        await event(
          'continued',
          `continuing from wave ${job.current_wave + 1}`,
        );
        return { ok: true };
      }
      const retryable: BatchJobState[] = [
        'Failed',
        'PartiallySucceeded',
        'TimedOut',
      ];
      if (!retryable.includes(job.state))
        return { ok: false, state: job.state };
      const again = await trx(GROUPS)
        .where({ job_id: id })
        .whereNot({ state: 'healthy' })
        .min({ wave: 'wave' })
        .count({ count: '*' })
        .first();
      const first = Number(again?.wave ?? 0);
      const n = await move(retryable, 'Queued', {
        attempt: job.attempt + 1,
        current_wave: first,
        finished_at: null,
        lease_owner: null,
        lease_until: null,
      });
      if (!n) return { ok: false, state: job.state };
      await trx(GROUPS)
        .where({ job_id: id })
        .whereNot({ state: 'healthy' })
        .update({
          state: 'pending',
          reason: null,
          commit: null,
          current_since: null,
        });
      await trx(WAVES)
        .where({ job_id: id })
        .andWhere('index', '>=', first)
        .update({ state: 'pending', started_at: null, finished_at: null });
      await event(
        'retried',
        `attempt ${job.attempt + 1}: ${Number(
          again?.count ?? 0,
        )} node group(s) that did not succeed, from wave ${first + 1}`,
      );
      return { ok: true };
    });
  }

  /** Node groups per state for each job, in one grouped query. */
  private async progressOf(ids: string[]): Promise<Map<string, BatchProgress>> {
    const out = new Map<string, BatchProgress>();
    if (!ids.length) return out;
    const rows = await this.db(GROUPS)
      .whereIn('job_id', ids)
      .groupBy('job_id', 'state')
      .select('job_id', 'state')
      .count({ count: '*' });
    for (const r of rows as Row[]) {
      const p = out.get(r.job_id as string) ?? emptyProgress();
      p[r.state as BatchNodeGroupState] = Number(r.count);
      out.set(r.job_id as string, p);
    }
    return out;
  }
}

function summaryOf(job: Row, progress = emptyProgress()): BatchJobSummary {
  return {
    id: job.id,
    application: job.application,
    state: job.state,
    attempt: job.attempt,
    createdBy: job.created_by,
    createdAt: iso(job.created_at)!,
    updatedAt: iso(job.updated_at)!,
    ...(job.finished_at !== null && job.finished_at !== undefined
      ? { finishedAt: iso(job.finished_at) }
      : {}),
    currentWave: job.current_wave,
    waveCount: job.wave_count,
    progress,
  };
}
