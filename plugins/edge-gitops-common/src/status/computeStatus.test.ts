import { computeStatus, podProblems } from './computeStatus';
import { rollUp } from './rollUp';

const meta = (extra: object = {}) => ({
  name: 'web',
  namespace: 'default',
  generation: 2,
  ...extra,
});
const deploy = (status: object, extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(),
  spec: { replicas: 3 },
  status: { observedGeneration: 2, ...status },
  ...extra,
});
const available = [
  { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
  { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
];

describe('computeStatus follows kstatus', () => {
  it.each([
    [
      'a rolled out Deployment',
      deploy({
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: available,
      }),
      'Current',
      'Deployment is available. Replicas: 3',
    ],
    [
      'a Deployment rolling out',
      deploy({
        replicas: 4,
        updatedReplicas: 1,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
        ],
      }),
      'InProgress',
      'Updated: 1/3',
    ],
    [
      'a Deployment scaling up',
      deploy({
        replicas: 1,
        updatedReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
      }),
      'InProgress',
      'Replicas: 1/3',
    ],
    [
      'a Deployment stuck past its deadline',
      deploy({
        replicas: 3,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-5d" has timed out progressing.',
          },
        ],
      }),
      'Failed',
      'Progress deadline exceeded: ReplicaSet "web-5d" has timed out progressing.',
    ],
    [
      'a Deployment whose controller has not seen the change',
      deploy({
        observedGeneration: 1,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      }),
      'InProgress',
      'Controller has not observed generation 2 yet (at 1)',
    ],
    [
      'a Deployment being deleted',
      deploy(
        {},
        { metadata: meta({ deletionTimestamp: '2026-11-21T10:00:00Z' }) },
      ),
      'Terminating',
      'Resource scheduled for deletion',
    ],
    [
      'a DaemonSet partly available',
      {
        kind: 'DaemonSet',
        metadata: meta(),
        status: {
          observedGeneration: 2,
          desiredNumberScheduled: 4,
          currentNumberScheduled: 4,
          updatedNumberScheduled: 4,
          numberReady: 2,
          numberAvailable: 2,
        },
      },
      'InProgress',
      'Available: 2/4',
    ],
    [
      'a DaemonSet on every node',
      {
        kind: 'DaemonSet',
        metadata: meta(),
        status: {
          observedGeneration: 2,
          desiredNumberScheduled: 2,
          currentNumberScheduled: 2,
          updatedNumberScheduled: 2,
          numberReady: 2,
          numberAvailable: 2,
        },
      },
      'Current',
      'All replicas scheduled as expected. Replicas: 2',
    ],
    [
      'a DaemonSet the controller has not counted',
      {
        kind: 'DaemonSet',
        metadata: meta(),
        status: { observedGeneration: 2 },
      },
      'InProgress',
      'Missing .status.desiredNumberScheduled',
    ],
    [
      'a StatefulSet updating',
      {
        kind: 'StatefulSet',
        metadata: meta(),
        spec: { replicas: 2 },
        status: {
          observedGeneration: 2,
          replicas: 2,
          readyReplicas: 2,
          currentReplicas: 2,
          updatedReplicas: 1,
          currentRevision: 'db-1',
          updateRevision: 'db-2',
        },
      },
      'InProgress',
      'Waiting for update to db-2',
    ],
    [
      'a ReplicaSet available',
      {
        kind: 'ReplicaSet',
        metadata: meta(),
        spec: { replicas: 2 },
        status: {
          observedGeneration: 2,
          replicas: 2,
          fullyLabeledReplicas: 2,
          readyReplicas: 2,
          availableReplicas: 2,
        },
      },
      'Current',
      'ReplicaSet is available. Replicas: 2',
    ],
    [
      'a running Job',
      {
        kind: 'Job',
        metadata: meta(),
        spec: { completions: 5, parallelism: 2 },
        status: { active: 2, succeeded: 1 },
      },
      'InProgress',
      'Job in progress: succeeded 1/5, failed 0, active 2',
    ],
    [
      'a complete Job',
      {
        kind: 'Job',
        metadata: meta(),
        spec: { completions: 5 },
        status: {
          succeeded: 5,
          conditions: [{ type: 'Complete', status: 'True' }],
        },
      },
      'Current',
      'Job completed: succeeded 5/5, failed 0, active 0',
    ],
    [
      'a failed Job',
      {
        kind: 'Job',
        metadata: meta(),
        spec: { completions: 1 },
        status: {
          failed: 7,
          conditions: [
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
          ],
        },
      },
      'Failed',
      'Job failed (BackoffLimitExceeded): succeeded 0/1, failed 7, active 0',
    ],
    [
      'a CronJob on time',
      {
        kind: 'CronJob',
        metadata: meta(),
        spec: { schedule: '*/1 * * * *' },
        status: {
          lastScheduleTime: '2026-11-21T10:05:00Z',
          lastSuccessfulTime: '2026-11-21T10:05:09Z',
        },
      },
      'Current',
      'Last ran at 2026-11-21T10:05:00Z',
    ],
    [
      'a CronJob whose last run failed',
      {
        kind: 'CronJob',
        metadata: meta(),
        spec: { schedule: '*/1 * * * *' },
        status: {
          lastScheduleTime: '2026-11-21T10:05:00Z',
          lastSuccessfulTime: '2026-11-21T09:00:04Z',
        },
      },
      'Failed',
      'Last run at 2026-11-21T10:05:00Z did not succeed; last success at 2026-11-21T09:00:04Z',
    ],
    [
      'a CronJob running now',
      {
        kind: 'CronJob',
        metadata: meta(),
        spec: { schedule: '*/1 * * * *' },
        status: {
          lastScheduleTime: '2026-11-21T10:05:00Z',
          lastSuccessfulTime: '2026-11-21T10:04:05Z',
          active: [{ name: 'hello-29' }],
        },
      },
      'Current',
      'Last ran at 2026-11-21T10:05:00Z, 1 active',
    ],
    [
      'a suspended CronJob',
      {
        kind: 'CronJob',
        metadata: meta(),
        spec: { schedule: '0 3 * * *', suspend: true },
        status: {},
      },
      'Current',
      'Not run yet (suspended)',
    ],
    [
      'a pod in CrashLoopBackOff',
      {
        kind: 'Pod',
        metadata: meta(),
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'web',
              state: {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: 'back-off 5m0s restarting failed container',
                },
              },
            },
          ],
        },
      },
      'Failed',
      'Container web is in CrashLoopBackOff',
    ],
    [
      'a pod pulling a missing image',
      {
        kind: 'Pod',
        metadata: meta(),
        status: {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'web',
              state: {
                waiting: {
                  reason: 'ImagePullBackOff',
                  message: 'Back-off pulling image "nginx:nope"',
                },
              },
            },
          ],
        },
      },
      'InProgress',
      'ImagePullBackOff (web): Back-off pulling image "nginx:nope"',
    ],
    [
      'an unschedulable pod',
      {
        kind: 'Pod',
        metadata: meta(),
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message:
                "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
            },
          ],
        },
      },
      // No node for longer than kstatus's 15 s window (no creation time counts as long ago).
      'Failed',
      "Pod could not be scheduled: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    ],
    [
      'a ready pod',
      {
        kind: 'Pod',
        metadata: meta(),
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
      'Current',
      'Pod is Ready',
    ],
    [
      'a Flux Kustomization stalled',
      {
        kind: 'Kustomization',
        metadata: meta(),
        status: {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Stalled',
              status: 'True',
              message: 'kustomize build failed',
            },
          ],
        },
      },
      'Failed',
      'kustomize build failed',
    ],
    [
      'a resource with Ready False',
      {
        kind: 'GitRepository',
        metadata: meta(),
        status: {
          observedGeneration: 2,
          conditions: [
            { type: 'Ready', status: 'False', message: 'auth failed' },
          ],
        },
      },
      'InProgress',
      'auth failed',
    ],
    [
      'an object without a kind',
      { metadata: meta() },
      'Unknown',
      'Object has no kind',
    ],
    ['no object', undefined, 'NotFound', 'Resource not found'],
  ])('%s is %s', (_what, obj: any, status, message) => {
    expect(computeStatus(obj)).toEqual({ status, message });
  });
});

describe('podProblems', () => {
  it('says why pods fail: OOMKilled, image pulls, scheduling', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'web-1' },
      status: {
        conditions: [{ type: 'PodScheduled', status: 'True' }],
        containerStatuses: [
          {
            name: 'web',
            state: { running: {} },
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          },
          {
            name: 'side',
            state: {
              waiting: { reason: 'ErrImagePull', message: 'not found' },
            },
          },
        ],
      },
    };
    expect(podProblems(pod)).toEqual([
      {
        pod: 'web-1',
        container: 'web',
        reason: 'OOMKilled',
        message: 'exit code 137',
      },
      {
        pod: 'web-1',
        container: 'side',
        reason: 'ErrImagePull',
        message: 'not found',
      },
    ]);
  });
});

describe('rollUp', () => {
  it.each([
    [['Current', 'Current'], 'Current'],
    [['Current', 'InProgress'], 'InProgress'],
    [['Current', 'Unknown', 'InProgress'], 'Unknown'],
    [['Unknown', 'Failed', 'Current'], 'Failed'],
    [['Current', 'Terminating'], 'InProgress'],
  ] as const)('%j rolls up to %s', (statuses, expected) => {
    expect(rollUp([...statuses]).status).toBe(expected);
  });
  it('counts per state', () => {
    const r = rollUp([
      ...Array(37).fill('Current'),
      'Failed',
      'InProgress',
      'Unknown',
    ]);
    expect(r.summary).toBe('37 of 40 current');
    expect(r.counts).toMatchObject({
      Current: 37,
      Failed: 1,
      InProgress: 1,
      Unknown: 1,
    });
  });
});
