import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import type {
  ApplicationStatusResponse,
  NodeGroupApplicationStatus,
  WorkloadStatus,
} from '@edge-gitops/plugin-edge-gitops-common';
import RefreshIcon from '@material-ui/icons/Refresh';
import { StatusChip } from './StatusChip';
import { ClusterConnectionStatus } from './ClusterConnectionStatus';
import { SyncChip } from './SyncChip';

/**
 * Ready/desired or Job completions as a bar, with the numbers.
 *
 * @public
 */
export const Progress = ({ w }: { w: WorkloadStatus }) => {
  const [done, total] = w.job
    ? [w.job.succeeded, w.job.completions]
    : [w.ready ?? 0, w.desired ?? 0];
  if (!total && !w.job && !w.cronJob) return null;
  if (w.cronJob) {
    return (
      <Typography variant="caption">
        {w.cronJob.lastScheduleTime
          ? `last run ${w.cronJob.lastScheduleTime}`
          : 'not run yet'}
        {w.cronJob.suspended ? ' (suspended)' : ''}
      </Typography>
    );
  }
  return (
    <Box minWidth={140}>
      <LinearProgress
        variant="determinate"
        value={total ? (100 * done) / total : 0}
      />
      <Typography variant="caption">
        {done}/{total} {w.job ? 'completed' : 'ready'}
      </Typography>
    </Box>
  );
};

const Workloads = ({ row }: { row: NodeGroupApplicationStatus }) => (
  <>
    {row.workloads.map(w => (
      <Box key={`${w.kind}/${w.namespace}/${w.name}`} mb={1}>
        <Typography variant="body2">
          <StatusChip status={w.status} /> {w.kind} {w.name}: {w.message}
        </Typography>
        <Progress w={w} />
        {w.failingPods.map(p => (
          <Typography
            key={`${p.pod}/${p.container}/${p.reason}`}
            variant="caption"
            color="error"
            display="block"
          >
            {p.pod}
            {p.container ? `/${p.container}` : ''}: {p.reason}
            {p.message ? ` (${p.message})` : ''}
          </Typography>
        ))}
        {w.warnings.map(e => (
          <Typography
            key={`${e.object}/${e.reason}/${e.lastSeen}`}
            variant="caption"
            display="block"
            style={{ color: '#b26a00' }}
          >
            ⚠ {e.reason}
            {e.count > 1 ? ` ×${e.count}` : ''} on {e.object}: {e.message}
          </Typography>
        ))}
      </Box>
    ))}
  </>
);

const columns: TableColumn<NodeGroupApplicationStatus>[] = [
  { title: 'Node group', field: 'nodeGroup', highlight: true },
  { title: 'Status', render: row => <StatusChip status={row.status} /> },
  { title: 'Summary', field: 'summary' },
  { title: 'Workloads', render: row => <Workloads row={row} /> },
  {
    title: 'Git sync',
    render: row => <SyncChip sync={row.sync} git={row.git} />,
  },
  {
    title: 'Cluster',
    render: row => <ClusterConnectionStatus cluster={row.connection} />,
  },
];

/**
 * Per node group: status, workloads with their counts, failing pods and warnings, the
 * git sync and the cluster connection.
 *
 * @public
 */
export const ApplicationStatusTable = (props: {
  value?: ApplicationStatusResponse;
  loading: boolean;
  error?: Error;
  retry: () => void;
}) => {
  if (props.error) return <ResponseErrorPanel error={props.error} />;
  return (
    <Table<NodeGroupApplicationStatus>
      title={props.value ? `Status: ${props.value.summary}` : 'Status'}
      isLoading={props.loading && !props.value}
      columns={columns}
      data={props.value?.items ?? []}
      options={{ paging: false, search: true, padding: 'dense' }}
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: 'Refresh',
          isFreeAction: true,
          onClick: props.retry,
        },
      ]}
    />
  );
};
