import type { ApplicationInNodeGroup } from '../status/applicationStatus';
import {
  applyNodeGroupReport,
  nodeGroupReportFor,
  nodeGroupReportProblem,
  ReportedClusterState,
} from './nodeGroupReport';

const app = (name: string, status: ApplicationInNodeGroup['status']) => ({
  application: name,
  nodeGroup: 'sh-01',
  status,
  summary: status,
  workloads: [],
});

const state = (
  apps: ApplicationInNodeGroup[],
  reachable = true,
): ReportedClusterState => ({
  cluster: { reachable, kubernetesVersion: 'v1.31.4' },
  applications: Object.fromEntries(apps.map(a => [a.application, a])),
  agents: [],
});

describe('node group reports', () => {
  it('starts with a snapshot, then sends only what changed, and adds up to the same state', () => {
    const first = state([app('web', 'InProgress'), app('db', 'Current')]);
    const r1 = nodeGroupReportFor(first, undefined);
    expect(r1).toMatchObject({ sequence: 1, snapshot: true });
    const held1 = applyNodeGroupReport(undefined, r1);
    if (!('stored' in held1)) throw new Error('expected it stored');

    const second = state([app('web', 'Current')], true);
    const r2 = nodeGroupReportFor(second, held1.stored);
    // web changed, db left the cluster; the connection and agents did not change.
    expect(r2).toEqual({
      sequence: 2,
      snapshot: false,
      applications: { web: app('web', 'Current'), db: null },
    });
    const held2 = applyNodeGroupReport(held1.stored, r2);
    if (!('stored' in held2)) throw new Error('expected it stored');
    expect(held2.stored).toEqual({ sequence: 2, state: second });

    // Nothing changed: an empty delta, which still says the reporter is alive.
    expect(nodeGroupReportFor(second, held2.stored)).toEqual({
      sequence: 3,
      snapshot: false,
      applications: {},
    });
  });

  it('asks for a snapshot after a gap or when it holds nothing', () => {
    const held = applyNodeGroupReport(
      undefined,
      nodeGroupReportFor(state([app('web', 'Current')]), undefined),
    );
    if (!('stored' in held)) throw new Error('expected it stored');
    const gap = { sequence: 5, snapshot: false, applications: {} };
    expect(applyNodeGroupReport(held.stored, gap)).toEqual({
      snapshotRequired: true,
    });
    expect(applyNodeGroupReport(undefined, { ...gap, sequence: 1 })).toEqual({
      snapshotRequired: true,
    });
    // A snapshot is always taken, whatever its sequence (a reporter that restarted).
    const restarted = applyNodeGroupReport(held.stored, {
      sequence: 1,
      snapshot: true,
      applications: {},
    });
    expect(restarted).toEqual({
      stored: {
        sequence: 1,
        state: { cluster: { reachable: true }, applications: {}, agents: [] },
      },
    });
  });

  it('names what is wrong with a report from outside', () => {
    expect(nodeGroupReportProblem(undefined)).toBe(
      'the report must be a JSON object',
    );
    expect(
      nodeGroupReportProblem({
        sequence: -1,
        snapshot: true,
        applications: {},
      }),
    ).toBe('sequence: must be a non-negative integer');
    expect(
      nodeGroupReportProblem({
        sequence: 1,
        snapshot: true,
        applications: { web: app('db', 'Current') },
      }),
    ).toBe('applications.web: must be the status of application web');
    expect(
      nodeGroupReportProblem({
        sequence: 1,
        snapshot: false,
        applications: { web: app('web', 'Current'), db: null },
      }),
    ).toBeUndefined();
  });
});
