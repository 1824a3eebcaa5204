import type { ObjectStatus } from '../status/computeStatus';
import type {
  BatchJobEvent,
  BatchJobOptions,
  BatchJobState,
  BatchNodeGroupState,
  BatchProgress,
  BatchWaveState,
} from './types';
import { countOf } from './waves';

/**
 * What the job runner knows about one node group's cluster when it takes a step.
 *
 * @public
 */
export interface NodeGroupHealth {
  reachable: boolean;
  /** The commit the cluster's GitOps agent applied last (the synced revision). */
  applied?: string;
  /**
   * The applied commit is a later one that builds on the commit asked about: another
   * node group sharing the repository, or a later publish, committed on top of ours.
   */
  appliedContainsCommit?: boolean;
  /** The application's roll-up status in that cluster. */
  status: ObjectStatus;
  /** Why: the failing pods, or what is not ready yet. */
  summary: string;
}

/** One node group of the current wave, as stored. @public */
export interface BatchStepGroup {
  name: string;
  state: BatchNodeGroupState;
  commit?: string;
  /** Since when (ms) every workload has been Current on our commit; unset when not. */
  currentSince?: number;
}

/**
 * A job as one step of the runner sees it: its options, counts over every node group, and
 * the current wave with its node groups (the only rows a step reads: constant work per node
 * group).
 *
 * @public
 */
export interface BatchSnapshot {
  state: BatchJobState;
  options: BatchJobOptions;
  progress: BatchProgress;
  currentWave: number;
  waveCount: number;
  wave: {
    state: BatchWaveState;
    startedAt?: number;
    finishedAt?: number;
    /** The wave that holds node groups deferred because their cluster was unreachable. */
    deferred?: boolean;
  };
  groups: BatchStepGroup[];
}

/** A change to one node group. @public */
export interface BatchGroupUpdate {
  name: string;
  state?: BatchNodeGroupState;
  reason?: string;
  currentSince?: number | null;
}

/**
 * What a step decided. The runner writes it, then publishes `publish` (which turns those
 * node groups into published or failed) and takes the next step later.
 *
 * @public
 */
export interface BatchStep {
  job?: BatchJobState;
  wave?: { state: BatchWaveState; startedAt?: number; finishedAt?: number };
  /** Move on to the next wave (it starts in the next step). */
  advance?: boolean;
  /** Node groups of this wave to publish now. */
  publish: string[];
  /** Node groups to move to the deferred wave at the end of the job. */
  defer: string[];
  groups: BatchGroupUpdate[];
  /** Every node group still pending anywhere in the job becomes skipped, with this reason. */
  skipPending?: string;
  events: Pick<BatchJobEvent, 'action' | 'message'>[];
}

const FINAL: readonly BatchNodeGroupState[] = ['healthy', 'failed', 'skipped'];

/** Equal commits, either side possibly abbreviated (at least 7 hex digits). */
const sameCommit = (a: string, b: string) => {
  const n = Math.min(a.length, b.length);
  return n >= 7 && a.slice(0, n).toLowerCase() === b.slice(0, n).toLowerCase();
};

/**
 * The verdict of a finished job from its node groups: every one healthy, some, or none.
 *
 * @public
 */
export function finalBatchState(progress: BatchProgress): BatchJobState {
  const total = Object.values(progress).reduce((a, b) => a + b, 0);
  if (progress.healthy === total) return 'Succeeded';
  return progress.healthy > 0 ? 'PartiallySucceeded' : 'Failed';
}

/**
 * One step of a job, decided from what is stored and what the clusters say (pure: the
 * runner does the writing and publishing). A node group is healthy only when its cluster
 * applied our commit and the application has been Current there for `soakSeconds`; Current
 * before our commit landed does not count.
 *
 * @public
 */
export function decideBatchStep(
  job: BatchSnapshot,
  health: ReadonlyMap<string, NodeGroupHealth>,
  now: number,
): BatchStep {
  const step: BatchStep = { publish: [], defer: [], groups: [], events: [] };
  const { options } = job;
  let state = job.state;
  let waveState = job.wave.state;
  let startedAt = job.wave.startedAt;
  const wave = job.currentWave + 1;

  if (state === 'Queued') {
    state = step.job = 'Running';
    step.events.push({
      action: 'started',
      message: `running ${job.waveCount} wave(s)`,
    });
  }
  if (!['Running', 'Stopping'].includes(state)) return step;

  const groups = new Map(job.groups.map(g => [g.name, { ...g }]));
  const update = (u: BatchGroupUpdate) => {
    step.groups.push(u);
    const g = groups.get(u.name)!;
    if (u.state) g.state = u.state;
  };
  const stop = () => {
    step.job = 'Stopped';
    step.events.push({
      action: 'stopped',
      message: `stopped in wave ${wave}; nothing in flight`,
    });
    return step;
  };

  // A wave that was stopped, or finished before a continue, runs again or hands over.
  if (
    state === 'Running' &&
    ['stopped', 'waiting', 'done'].includes(waveState)
  ) {
    const open = job.groups.some(g => !FINAL.includes(g.state));
    if (open || waveState === 'stopped') {
      waveState = 'running';
      startedAt = now;
      step.wave = { state: waveState, startedAt };
    } else if (waveState === 'done') {
      // Continued at a wave boundary: on to the next wave, or the last one's verdict.
      if (job.currentWave + 1 < job.waveCount) {
        step.advance = true;
        return step;
      }
      waveState = 'running';
    }
  }
  if (waveState === 'pending') {
    if (state === 'Stopping') return stop();
    waveState = 'running';
    startedAt = now;
    step.wave = { state: waveState, startedAt };
    step.events.push({
      action: 'wave-started',
      message: `wave ${wave} of ${job.waveCount}${
        job.wave.deferred ? ' (deferred node groups)' : ''
      }: ${job.groups.map(g => g.name).join(', ')}`,
    });
  }

  if (waveState === 'running') {
    for (const g of groups.values()) {
      const h = health.get(g.name);
      if (g.state === 'pending' && state === 'Running') {
        if (h && !h.reachable && !job.wave.deferred) {
          if (options.unreachable === 'defer') step.defer.push(g.name);
          else
            update({
              name: g.name,
              state: 'failed',
              reason: `cluster not reachable: ${h.summary}`,
            });
        } else step.publish.push(g.name);
      } else if (g.state === 'published' && g.commit && h) {
        const ours =
          h.reachable &&
          h.applied !== undefined &&
          (sameCommit(h.applied, g.commit) || h.appliedContainsCommit === true);
        if (ours && h.status === 'Failed') {
          update({
            name: g.name,
            state: 'failed',
            reason: h.summary,
            currentSince: null,
          });
        } else if (ours && h.status === 'Current') {
          const since = g.currentSince ?? now;
          if (now - since >= options.soakSeconds * 1000)
            update({
              name: g.name,
              state: 'healthy',
              reason: '',
              currentSince: since,
            });
          else if (g.currentSince === undefined)
            update({ name: g.name, currentSince: since });
        } else if (g.currentSince !== undefined) {
          update({ name: g.name, currentSince: null });
        }
      }
    }
    for (const name of step.defer) groups.delete(name);

    const failedNow = step.groups.filter(u => u.state === 'failed').length;
    const failed = job.progress.failed + failedNow;
    const allowed = countOf(
      options.maxUnavailable,
      Object.values(job.progress).reduce((a, b) => a + b, 0),
    );
    const unfinished = [...groups.values()].filter(
      g => !FINAL.includes(g.state),
    );
    const timedOut =
      startedAt !== undefined &&
      now - startedAt > options.waveTimeoutSeconds * 1000 &&
      unfinished.some(g => g.state === 'published');

    if (failed > allowed) {
      step.job = 'Failed';
      step.wave = { ...step.wave, state: 'failed', finishedAt: now };
      step.publish = [];
      step.skipPending = `not started: ${failed} node group(s) failed, more than maxUnavailable (${allowed})`;
      step.events.push({
        action: 'finished',
        message: `Failed: ${failed} node group(s) failed, more than maxUnavailable (${allowed})`,
      });
      return step;
    }
    if (timedOut) {
      for (const g of unfinished.filter(u => u.state === 'published')) {
        const h = health.get(g.name);
        update({
          name: g.name,
          state: 'failed',
          reason: `not healthy within ${options.waveTimeoutSeconds} s: ${
            h ? describe(h, g.commit) : 'no status'
          }`,
          currentSince: null,
        });
      }
      step.job = 'TimedOut';
      step.wave = { ...step.wave, state: 'timedOut', finishedAt: now };
      step.publish = [];
      step.skipPending = `not started: wave ${wave} timed out after ${options.waveTimeoutSeconds} s`;
      step.events.push({
        action: 'finished',
        message: `TimedOut: wave ${wave} was not healthy within ${options.waveTimeoutSeconds} s`,
      });
      return step;
    }
    const inFlight =
      [...groups.values()].some(g => g.state === 'published') ||
      step.publish.length > 0;
    if (state === 'Stopping' && !inFlight) {
      step.wave = {
        ...step.wave,
        state: unfinished.length ? 'stopped' : 'done',
        finishedAt: now,
      };
      return stop();
    }
    if (unfinished.length === 0) {
      const healthy = [...groups.values()].filter(
        g => g.state === 'healthy',
      ).length;
      step.events.push({
        action: 'wave-finished',
        message: `wave ${wave}: ${healthy} of ${groups.size} node group(s) healthy`,
      });
      const last =
        job.currentWave + 1 >= job.waveCount && step.defer.length === 0;
      if (last) {
        step.wave = { ...step.wave, state: 'done', finishedAt: now };
        const progress = { ...job.progress };
        for (const u of step.groups)
          if (u.state) {
            const before = job.groups.find(g => g.name === u.name)!.state;
            progress[before] -= 1;
            progress[u.state] += 1;
          }
        step.job = finalBatchState(progress);
        step.events.push({
          action: 'finished',
          message: `${step.job}: ${progress.healthy} of ${Object.values(
            progress,
          ).reduce((a, b) => a + b, 0)} node group(s) healthy`,
        });
        return step;
      }
      if (options.waves.waitSeconds > 0) {
        step.wave = { ...step.wave, state: 'waiting', finishedAt: now };
        return step;
      }
      step.wave = { ...step.wave, state: 'done', finishedAt: now };
      step.advance = true;
      return step;
    }
    return step;
  }

  if (waveState === 'waiting') {
    if (state === 'Stopping') {
      step.wave = { state: 'done' };
      return stop();
    }
    if (
      now - (job.wave.finishedAt ?? now) >=
      options.waves.waitSeconds * 1000
    ) {
      step.wave = { state: 'done' };
      step.advance = true;
    }
  }
  return step;
}

function describe(h: NodeGroupHealth, commit?: string): string {
  if (!h.reachable) return `cluster not reachable (${h.summary})`;
  if (
    !h.applied ||
    !commit ||
    !(sameCommit(h.applied, commit) || h.appliedContainsCommit)
  )
    return `the cluster has not applied commit ${
      commit?.slice(0, 7) ?? '?'
    } yet (applied: ${h.applied?.slice(0, 7) ?? 'nothing'})`;
  return `${h.status}: ${h.summary}`;
}
