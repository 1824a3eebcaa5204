import { applicationsInNodeGroup } from './applicationStatus';

const labels = (app: string, name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': app,
  'app.kubernetes.io/managed-by': 'edge-gitops',
});

const deployment = (app: string, name: string, ready = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace: 'default',
    generation: 2,
    labels: labels(app, name),
  },
  spec: { replicas: 1 },
  status: {
    observedGeneration: 2,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: [
      { type: 'Available', status: ready ? 'True' : 'False' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
});

/** A core/v1 Event as the kubelet and controllers write them. */
const event = (
  kind: string,
  name: string,
  reason: string,
  lastTimestamp: string,
  extra: object = {},
) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${name}.17f0a1b2c3d4e5f6`, namespace: 'default' },
  involvedObject: { kind, name, namespace: 'default', apiVersion: 'v1' },
  reason,
  message: `${reason} for ${name}`,
  type: 'Warning',
  count: 3,
  firstTimestamp: '2026-11-21T09:00:00Z',
  lastTimestamp,
  source: { component: 'kubelet', host: 'edge-node-1' },
  ...extra,
});

describe('applicationsInNodeGroup', () => {
  it('gives each workload the Warning events of itself, its ReplicaSets and pods, newest first', () => {
    const objects = [
      deployment('shop', 'web', 0),
      deployment('shop', 'web-api'),
      event('Pod', 'web-7f9c8d-x2k4p', 'BackOff', '2026-11-21T10:05:00Z'),
      event('ReplicaSet', 'web-7f9c8d', 'FailedCreate', '2026-11-21T10:01:00Z'),
      event(
        'Deployment',
        'web',
        'ProgressDeadlineExceeded',
        '2026-11-21T10:03:00Z',
      ),
      // web-api's pod: the longer name prefix wins over web's.
      event('Pod', 'web-api-5d6f-qq9zt', 'Unhealthy', '2026-11-21T10:02:00Z'),
      // Normal events and events about other objects are not warnings of ours.
      event('Pod', 'web-7f9c8d-x2k4p', 'Pulled', '2026-11-21T10:06:00Z', {
        type: 'Normal',
      }),
      event('Pod', 'other-1', 'BackOff', '2026-11-21T10:06:00Z'),
    ];
    const [shop] = applicationsInNodeGroup('sh-01', objects);
    const web = shop.workloads.find(w => w.name === 'web')!;
    const api = shop.workloads.find(w => w.name === 'web-api')!;
    expect(web.warnings.map(w => `${w.object} ${w.reason}`)).toEqual([
      'Pod/web-7f9c8d-x2k4p BackOff',
      'Deployment/web ProgressDeadlineExceeded',
      'ReplicaSet/web-7f9c8d FailedCreate',
    ]);
    expect(web.warnings[0]).toEqual({
      object: 'Pod/web-7f9c8d-x2k4p',
      reason: 'BackOff',
      message: 'BackOff for web-7f9c8d-x2k4p',
      count: 3,
      lastSeen: '2026-11-21T10:05:00Z',
    });
    expect(api.warnings.map(w => w.object)).toEqual(['Pod/web-api-5d6f-qq9zt']);
  });

  it('keeps the five newest warnings of a workload and reads events.k8s.io series', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      event('Pod', `web-abc-${i}`, 'BackOff', `2026-11-21T10:0${i}:00Z`),
    );
    const series = {
      ...event('Pod', 'web-abc-9', 'FailedMount', '2026-11-21T09:00:00Z'),
      series: { count: 42, lastObservedTime: '2026-11-21T10:30:00Z' },
    };
    const [shop] = applicationsInNodeGroup('sh-01', [
      deployment('shop', 'web'),
      ...many,
      series,
    ]);
    const warnings = shop.workloads[0].warnings;
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ reason: 'FailedMount', count: 42 });
    expect(warnings.slice(1).map(w => w.object)).toEqual([
      'Pod/web-abc-7',
      'Pod/web-abc-6',
      'Pod/web-abc-5',
      'Pod/web-abc-4',
    ]);
  });

  it('shows the same failure on several pods once, so different problems fit in the five', () => {
    const same = (pod: string, at: string) =>
      event('Pod', pod, 'Failed', at, { message: 'Error: ErrImagePull' });
    const [shop] = applicationsInNodeGroup('sh-01', [
      deployment('shop', 'web'),
      same('web-abc-1', '2026-11-21T10:01:00Z'),
      same('web-abc-2', '2026-11-21T10:04:00Z'),
      same('web-abc-3', '2026-11-21T10:02:00Z'),
      event('Pod', 'web-abc-1', 'Failed', '2026-11-21T10:00:00Z', {
        message: 'Failed to pull image "registry.invalid/web:1": no such host',
      }),
    ]);
    expect(shop.workloads[0].warnings).toEqual([
      {
        object: 'Pod/web-abc-2',
        reason: 'Failed',
        message: 'Error: ErrImagePull',
        count: 9,
        lastSeen: '2026-11-21T10:04:00Z',
      },
      expect.objectContaining({
        message: 'Failed to pull image "registry.invalid/web:1": no such host',
      }),
    ]);
  });

  it('lists expected workloads the cluster lacks as NotFound', () => {
    const [shop] = applicationsInNodeGroup(
      'sh-01',
      [deployment('shop', 'web')],
      [
        {
          application: 'shop',
          kind: 'Deployment',
          name: 'web',
          namespace: 'default',
        },
        {
          application: 'shop',
          kind: 'CronJob',
          name: 'report',
          namespace: 'default',
        },
      ],
    );
    expect(shop.workloads.map(w => `${w.kind}/${w.name} ${w.status}`)).toEqual([
      'CronJob/report NotFound',
      'Deployment/web Current',
    ]);
    expect(shop.status).toBe('InProgress');
  });
});
