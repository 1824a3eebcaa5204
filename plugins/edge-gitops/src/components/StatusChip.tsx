import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { ObjectStatus } from '@edge-gitops/plugin-edge-gitops-common';

/**
 * The kstatus vocabulary as Backstage status icons.
 *
 * @public
 */
export const StatusChip = ({ status }: { status: ObjectStatus }) => {
  switch (status) {
    case 'Current':
      return <StatusOK>Current</StatusOK>;
    case 'InProgress':
      return <StatusRunning>In progress</StatusRunning>;
    case 'Failed':
      return <StatusError>Failed</StatusError>;
    case 'Terminating':
      return <StatusAborted>Terminating</StatusAborted>;
    case 'NotFound':
      return <StatusWarning>Not found</StatusWarning>;
    default:
      return <StatusPending>Unknown</StatusPending>;
  }
};
