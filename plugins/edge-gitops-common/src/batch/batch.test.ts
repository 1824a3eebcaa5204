import { parseBatchJobRequest, DEFAULT_BATCH_OPTIONS } from './batchRequest';
import {
  BatchSnapshot,
  decideBatchStep,
  finalBatchState,
  NodeGroupHealth,
} from './progress';
import { countOf, planWaves } from './waves';
import type { BatchJobOptions } from './types';

const app = {
  apiVersion: 'edge-gitops.io/v1alpha1',
  kind: 'EdgeApplication',
  metadata: { name: 'web' },
  spec: {
    targets: { nodeGroups: ['a'] },
    services: [
      { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    ],
  },
};

describe('waves', () => {
  it('takes counts and percentages of the node groups, rounding up', () => {
    expect(countOf(3, 10)).toBe(3);
    expect(countOf('25%', 10)).toBe(3);
    expect(countOf('10%', 5)).toBe(1);
    expect(countOf('0%', 5)).toBe(0);
  });

  it('puts the canary first, then waves of the size', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(planWaves(names, { canary: 1, size: 2 })).toEqual([
      ['a'],
      ['b', 'c'],
      ['d', 'e'],
      ['f'],
    ]);
    expect(planWaves(names, { canary: 0, size: '50%' })).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    expect(planWaves(['a'], { canary: 5, size: 1 })).toEqual([['a']]);
  });
});

describe('parseBatchJobRequest', () => {
  it('fills in every default', () => {
    const parsed = parseBatchJobRequest({ application: app });
    expect(parsed.problems).toEqual([]);
    expect('value' in parsed && parsed.value.options).toEqual(
      DEFAULT_BATCH_OPTIONS,
    );
  });

  it('names the field of every problem, the application included', () => {
    const parsed = parseBatchJobRequest({
      application: {
        ...app,
        spec: { ...app.spec, services: [{ name: 'Bad_Name', containers: [] }] },
      },
      waves: { canary: -1, size: '150%', pace: 3 },
      maxUnavailable: 'a few',
      waveTimeoutSeconds: 0,
      soakSeconds: 1.5,
      unreachable: 'ignore',
      extra: true,
    });
    const paths = parsed.problems.map(p => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'extra',
        'waves.pace',
        'waves.canary',
        'waves.size',
        'maxUnavailable',
        'waveTimeoutSeconds',
        'soakSeconds',
        'unreachable',
      ]),
    );
    expect(paths.some(p => p.startsWith('application.spec.services[0]'))).toBe(
      true,
    );
    expect(parseBatchJobRequest([]).problems[0].message).toMatch(/JSON object/);
    expect(parseBatchJobRequest({}).problems[0]).toMatchObject({
      path: 'application',
    });
  });
});

const options: BatchJobOptions = {
  waves: { canary: 1, size: 2, waitSeconds: 0 },
  maxUnavailable: 0,
  waveTimeoutSeconds: 60,
  soakSeconds: 10,
  unreachable: 'fail',
};
const progress = (p: Partial<BatchSnapshot['progress']>) => ({
  pending: 0,
  published: 0,
  healthy: 0,
  failed: 0,
  skipped: 0,
  ...p,
});
const ok = (applied: string): NodeGroupHealth => ({
  reachable: true,
  applied,
  status: 'Current',
  summary: 'all Current',
});

describe('decideBatchStep', () => {
  const queued: BatchSnapshot = {
    state: 'Queued',
    options,
    progress: progress({ pending: 3 }),
    currentWave: 0,
    waveCount: 2,
    wave: { state: 'pending' },
    groups: [{ name: 'a', state: 'pending' }],
  };

  it('starts a queued job and publishes its first wave', () => {
    const step = decideBatchStep(queued, new Map(), 1000);
    expect(step.job).toBe('Running');
    expect(step.wave).toEqual({ state: 'running', startedAt: 1000 });
    expect(step.publish).toEqual(['a']);
    expect(step.events.map(e => e.action)).toEqual(['started', 'wave-started']);
  });

  const running: BatchSnapshot = {
    ...queued,
    state: 'Running',
    progress: progress({ published: 1, pending: 2 }),
    wave: { state: 'running', startedAt: 0 },
    groups: [{ name: 'a', state: 'published', commit: 'abcdef1234567' }],
  };

  it('does not count Current before our commit landed', () => {
    const step = decideBatchStep(
      running,
      new Map([['a', ok('0123456789')]]),
      5000,
    );
    expect(step.groups).toEqual([]);
    expect(step.job).toBeUndefined();
  });

  it('is healthy after the soak on our commit, then moves to the next wave', () => {
    const first = decideBatchStep(
      running,
      new Map([['a', ok('abcdef1')]]),
      5000,
    );
    expect(first.groups).toEqual([{ name: 'a', currentSince: 5000 }]);
    const soaked = decideBatchStep(
      { ...running, groups: [{ ...running.groups[0], currentSince: 5000 }] },
      new Map([['a', ok('abcdef1')]]),
      15_000,
    );
    expect(soaked.groups[0]).toMatchObject({ name: 'a', state: 'healthy' });
    expect(soaked.wave?.state).toBe('done');
    expect(soaked.advance).toBe(true);
  });

  it('resets the soak when a workload stops being Current', () => {
    const step = decideBatchStep(
      { ...running, groups: [{ ...running.groups[0], currentSince: 5000 }] },
      new Map([['a', { ...ok('abcdef1'), status: 'InProgress' as const }]]),
      8000,
    );
    expect(step.groups).toEqual([{ name: 'a', currentSince: null }]);
  });

  it('fails the job beyond maxUnavailable and skips the rest', () => {
    const step = decideBatchStep(
      running,
      new Map([
        [
          'a',
          {
            ...ok('abcdef1'),
            status: 'Failed' as const,
            summary: 'web-1: ImagePullBackOff',
          },
        ],
      ]),
      5000,
    );
    expect(step.groups[0]).toMatchObject({
      state: 'failed',
      reason: 'web-1: ImagePullBackOff',
    });
    expect(step.job).toBe('Failed');
    expect(step.skipPending).toMatch(/more than maxUnavailable \(0\)/);
  });

  it('times out a wave that is not healthy in time', () => {
    const step = decideBatchStep(
      running,
      new Map([['a', ok('0123456')]]),
      61_000,
    );
    expect(step.job).toBe('TimedOut');
    expect(step.groups[0].reason).toMatch(
      /not healthy within 60 s: the cluster has not applied commit abcdef1/,
    );
  });

  it('fails or defers node groups whose cluster is unreachable', () => {
    const offline = new Map([
      [
        'a',
        {
          reachable: false,
          status: 'Unknown' as const,
          summary: 'last seen 10:00',
        },
      ],
    ]);
    const failed = decideBatchStep(queued, offline, 0);
    expect(failed.groups[0]).toMatchObject({
      state: 'failed',
      reason: 'cluster not reachable: last seen 10:00',
    });
    const deferred = decideBatchStep(
      {
        ...queued,
        options: { ...options, unreachable: 'defer', maxUnavailable: 1 },
      },
      offline,
      0,
    );
    expect(deferred.defer).toEqual(['a']);
    expect(deferred.publish).toEqual([]);
    expect(deferred.advance).toBe(true);
  });

  it('stops only once nothing is in flight', () => {
    const stopping = { ...running, state: 'Stopping' as const };
    expect(decideBatchStep(stopping, new Map(), 1000).job).toBeUndefined();
    const done = decideBatchStep(
      { ...stopping, groups: [{ name: 'a', state: 'healthy' as const }] },
      new Map(),
      1000,
    );
    expect(done.job).toBe('Stopped');
  });

  it('judges a finished job by its node groups', () => {
    expect(finalBatchState(progress({ healthy: 3 }))).toBe('Succeeded');
    expect(finalBatchState(progress({ healthy: 2, failed: 1 }))).toBe(
      'PartiallySucceeded',
    );
    expect(finalBatchState(progress({ failed: 2, skipped: 1 }))).toBe('Failed');
  });
});
