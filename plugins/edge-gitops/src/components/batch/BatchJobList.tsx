import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { BatchJobSummary } from '@edge-gitops/plugin-edge-gitops-common';
import { Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { batchJobRouteRef } from '../../routes';
import { age } from './age';
import { BatchJobStateChip } from './BatchStateChip';
import { BatchProgressBar } from './BatchProgressBar';

/** Jobs move every few seconds while they run. */
export const BATCH_REFRESH_MS = 5_000;

const Creator = ({ actor }: { actor: string }) =>
  /^(user|group):/.test(actor) ? (
    <EntityRefLink entityRef={actor} />
  ) : (
    <>{actor}</>
  );

/** Every batch job, newest first: state, progress per wave, who started it, how long ago. */
export const BatchJobList = (props: { application?: string }) => {
  const api = useApi(edgeGitopsApiRef);
  const jobLink = useRouteRef(batchJobRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listBatchJobs({ application: props.application, limit: 200 }),
    [api, props.application],
  );
  useInterval(retry, BATCH_REFRESH_MS);
  if (error) return <ResponseErrorPanel error={error} />;
  const columns: TableColumn<BatchJobSummary>[] = [
    {
      title: 'Application',
      field: 'application',
      highlight: true,
      render: job => (
        <>
          <Link to={jobLink({ id: job.id })}>{job.application}</Link>
          <Typography variant="caption" display="block">
            job {job.id.slice(0, 8)}
            {job.attempt > 1 ? ` · attempt ${job.attempt}` : ''}
          </Typography>
        </>
      ),
    },
    {
      title: 'State',
      field: 'state',
      render: job => <BatchJobStateChip state={job.state} />,
    },
    {
      title: 'Wave',
      render: job =>
        `${Math.min(job.currentWave + 1, job.waveCount)} of ${job.waveCount}`,
    },
    {
      title: 'Progress',
      render: job => <BatchProgressBar progress={job.progress} />,
    },
    { title: 'Started by', render: job => <Creator actor={job.createdBy} /> },
    {
      title: 'Age',
      field: 'createdAt',
      render: job => <span title={job.createdAt}>{age(job.createdAt)}</span>,
    },
  ];
  return (
    <Table<BatchJobSummary>
      title={`Batch jobs (${value?.totalCount ?? 0})`}
      isLoading={loading && !value}
      columns={columns}
      data={value?.items ?? []}
      options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No batch jobs yet. Start one with the "Roll out in waves" template,
          the edge-gitops:batch action or POST /api/edge-gitops/batch-jobs.
        </Typography>
      }
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: 'Refresh',
          isFreeAction: true,
          onClick: retry,
        },
      ]}
    />
  );
};
