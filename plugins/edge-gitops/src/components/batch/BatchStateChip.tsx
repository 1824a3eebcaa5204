import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type {
  BatchJobState,
  BatchNodeGroupState,
  BatchWaveState,
} from '@edge-gitops/plugin-edge-gitops-common';

const LABELS: Record<BatchJobState, string> = {
  Queued: 'Queued',
  Running: 'Running',
  Succeeded: 'Succeeded',
  PartiallySucceeded: 'Partially succeeded',
  Failed: 'Failed',
  Stopping: 'Stopping',
  Stopped: 'Stopped',
  TimedOut: 'Timed out',
};

/** A job's state as Backstage's status icons. */
export const BatchJobStateChip = ({ state }: { state: BatchJobState }) => {
  const label = LABELS[state] ?? state;
  switch (state) {
    case 'Succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'Running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'Failed':
    case 'TimedOut':
      return <StatusError>{label}</StatusError>;
    case 'PartiallySucceeded':
      return <StatusWarning>{label}</StatusWarning>;
    case 'Stopping':
    case 'Stopped':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
};

/** A node group's (or a wave's) state within a job. */
export const BatchItemStateChip = ({
  state,
}: {
  state: BatchNodeGroupState | BatchWaveState;
}) => {
  switch (state) {
    case 'healthy':
    case 'done':
      return <StatusOK>{state}</StatusOK>;
    case 'published':
    case 'running':
      return <StatusRunning>{state}</StatusRunning>;
    case 'failed':
    case 'timedOut':
      return (
        <StatusError>{state === 'timedOut' ? 'timed out' : state}</StatusError>
      );
    case 'skipped':
    case 'stopped':
      return <StatusAborted>{state}</StatusAborted>;
    case 'waiting':
      return <StatusWarning>waiting</StatusWarning>;
    default:
      return <StatusPending>{state}</StatusPending>;
  }
};
