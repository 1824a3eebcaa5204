import { computeStatus, POD_SCHEDULE_WINDOW_MS } from './computeStatus';
import type { ObjectStatus } from './computeStatus';

/**
 * kstatus's own test tables (sigs.k8s.io/cli-utils pkg/kstatus/status/status_compute_test.go)
 * for the kinds YAML mode can publish beside our workloads: the same objects, the status
 * kstatus computes, and ours. Where we differ on purpose the row says so (docs/status.md).
 */
type Row = {
  name: string;
  object: Record<string, any>;
  kstatus: ObjectStatus;
  ours?: ObjectStatus;
  why?: string;
};

const NOW = Date.parse('2026-12-02T10:00:00Z');
const meta = { generation: 1, name: 'test', namespace: 'qual' };
const pod = (status: object, metadata: object = meta) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  status,
});
const unschedulable = {
  phase: 'Pending',
  conditions: [
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
  ],
};
const sts = (spec: object, status: object) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: meta,
  spec,
  status: { observedGeneration: 1, ...status },
});
const service = (spec?: object, status?: object) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta,
  ...(spec ? { spec } : {}),
  ...(status ? { status } : {}),
});
const crd = (conditions?: object[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { generation: 1 },
  ...(conditions ? { status: { conditions } } : {}),
});

const rows: Row[] = [
  // TestPodStatus
  {
    name: 'podNoStatus',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: meta },
    kstatus: 'InProgress',
  },
  {
    name: 'podReady',
    object: pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    }),
    kstatus: 'Current',
  },
  {
    name: 'podCompletedSuccessfully',
    object: pod({
      phase: 'Succeeded',
      conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
    }),
    kstatus: 'Current',
  },
  {
    name: 'podCompletedFailed',
    object: pod({
      phase: 'Failed',
      conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
    }),
    kstatus: 'Current',
    ours: 'Failed',
    why: 'a pod that ended in phase Failed stays Failed: someone must look at it',
  },
  {
    name: 'podBeingScheduled',
    object: pod(unschedulable, {
      ...meta,
      creationTimestamp: new Date(NOW - 1000).toISOString(),
    }),
    kstatus: 'InProgress',
  },
  {
    name: 'podUnschedulable',
    object: pod(unschedulable),
    kstatus: 'Failed',
  },
  {
    name: 'podUnschedulable after the window',
    object: pod(unschedulable, {
      ...meta,
      creationTimestamp: new Date(
        NOW - POD_SCHEDULE_WINDOW_MS - 1000,
      ).toISOString(),
    }),
    kstatus: 'Failed',
  },
  {
    name: 'podCrashLooping',
    object: pod({
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
      ],
      containerStatuses: [
        { name: 'nginx', state: { waiting: { reason: 'CrashLoopBackOff' } } },
      ],
    }),
    kstatus: 'Failed',
  },
  // TestPVCStatus
  {
    name: 'pvcNoStatus',
    object: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { generation: 1, name: 'test' },
    },
    kstatus: 'InProgress',
  },
  {
    name: 'pvcBound',
    object: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta,
      status: { phase: 'Bound' },
    },
    kstatus: 'Current',
  },
  // TestStsStatus
  {
    name: 'stsNoStatus',
    object: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { generation: 1, name: 'test' },
    },
    kstatus: 'InProgress',
  },
  {
    name: 'stsBadStatus',
    object: sts({}, { currentReplicas: 1 }),
    kstatus: 'InProgress',
  },
  {
    name: 'stsOK',
    object: sts(
      { replicas: 4 },
      { currentReplicas: 4, readyReplicas: 4, replicas: 4 },
    ),
    kstatus: 'Current',
  },
  {
    name: 'stsLessReady',
    object: sts(
      { replicas: 4 },
      { currentReplicas: 4, readyReplicas: 2, replicas: 4 },
    ),
    kstatus: 'InProgress',
  },
  {
    name: 'stsLessCurrent',
    object: sts(
      { replicas: 4 },
      { currentReplicas: 2, readyReplicas: 4, replicas: 4 },
    ),
    kstatus: 'InProgress',
  },
  {
    name: 'stsExtraPods',
    object: sts(
      { replicas: 4 },
      { currentReplicas: 4, readyReplicas: 4, replicas: 8 },
    ),
    kstatus: 'InProgress',
  },
  // TestServiceStatus
  { name: 'serviceDefault', object: service(), kstatus: 'Current' },
  {
    name: 'serviceNodePort',
    object: service({ type: 'NodePort' }),
    kstatus: 'Current',
  },
  {
    name: 'serviceLBnok',
    object: service({ type: 'LoadBalancer' }),
    kstatus: 'InProgress',
  },
  {
    name: 'serviceLBok',
    object: service({ type: 'LoadBalancer', clusterIP: '1.2.3.4' }),
    kstatus: 'Current',
    ours: 'InProgress',
    why: 'a LoadBalancer without an address in status.loadBalancer.ingress is not usable yet',
  },
  {
    name: 'serviceLBok with an address',
    object: service(
      { type: 'LoadBalancer', clusterIP: '1.2.3.4' },
      { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
    ),
    kstatus: 'Current',
  },
  // TestCRDStatus
  { name: 'crdNoConditions', object: crd(), kstatus: 'InProgress' },
  {
    name: 'crdInstalling',
    object: crd([
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
      { type: 'Established', status: 'False', reason: 'Installing' },
    ]),
    kstatus: 'InProgress',
  },
  {
    name: 'crdNamesNotAccepted',
    object: crd([
      { type: 'NamesAccepted', status: 'False', reason: 'SomeReason' },
    ]),
    kstatus: 'Failed',
  },
  {
    name: 'crdEstablished',
    object: crd([
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
    ]),
    kstatus: 'Current',
  },
  // PodDisruptionBudget: kstatus has no table; its rule is "Current once observed".
  {
    name: 'pdb observed',
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta,
      status: { observedGeneration: 1, disruptionsAllowed: 1 },
    },
    kstatus: 'Current',
  },
  {
    name: 'pdb not observed yet',
    object: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { ...meta, generation: 2 },
      status: { observedGeneration: 1 },
    },
    kstatus: 'InProgress',
  },
  // TestJobStatus
  {
    name: 'jobNoStatus',
    object: { apiVersion: 'batch/v1', kind: 'Job', metadata: meta },
    kstatus: 'InProgress',
  },
  {
    name: 'jobComplete',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta,
      status: {
        succeeded: 1,
        active: 0,
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    },
    kstatus: 'Current',
  },
  {
    name: 'jobFailed',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta,
      spec: { completions: 4 },
      status: {
        succeeded: 3,
        failed: 1,
        conditions: [{ type: 'Failed', status: 'True', reason: 'JobFailed' }],
      },
    },
    kstatus: 'Failed',
  },
  {
    name: 'jobInProgress',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta,
      spec: { completions: 10, parallelism: 2 },
      status: {
        startTime: '2019-06-04T01:17:13Z',
        succeeded: 3,
        failed: 1,
        active: 2,
        conditions: [
          { type: 'Failed', status: 'False' },
          { type: 'Complete', status: 'False' },
        ],
      },
    },
    kstatus: 'Current',
    ours: 'InProgress',
    why: 'a running Job is what a person waits for: not done until it completes',
  },
  // TestCronJobStatus
  {
    name: 'cronjobNoStatus',
    object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta },
    kstatus: 'Current',
  },
];

describe("kstatus conformance: kstatus's test tables", () => {
  it.each(rows.map(r => [r.name, r] as const))('%s', (_name, row) => {
    expect(computeStatus(row.object, NOW).status).toBe(row.ours ?? row.kstatus);
  });

  it('differs from kstatus only where it says why', () => {
    expect(
      rows
        .filter(r => r.ours && r.ours !== r.kstatus)
        .map(r => [r.name, Boolean(r.why)]),
    ).toEqual([
      ['podCompletedFailed', true],
      ['serviceLBok', true],
      ['jobInProgress', true],
    ]);
  });
});
