import { useEffect, useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  BatchJobDetail,
  BatchJobEvent,
  BatchNodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Grid, Typography } from '@material-ui/core';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { batchJobsRouteRef } from '../../routes';
import { age } from './age';
import { BatchJobActions } from './BatchJobActions';
import { BATCH_REFRESH_MS } from './BatchJobList';
import { BatchProgressBar } from './BatchProgressBar';
import { BatchItemStateChip, BatchJobStateChip } from './BatchStateChip';
import { WaveTimeline } from './WaveTimeline';

const nodeGroupColumns: TableColumn<BatchNodeGroup>[] = [
  {
    title: 'Node group',
    field: 'name',
    highlight: true,
    render: g => (
      <EntityRefLink
        entityRef={{ kind: 'Resource', namespace: 'default', name: g.name }}
      />
    ),
  },
  { title: 'Wave', field: 'wave', render: g => g.wave + 1 },
  {
    title: 'State',
    field: 'state',
    render: g => <BatchItemStateChip state={g.state} />,
  },
  {
    title: 'Reason',
    field: 'reason',
    render: g =>
      g.reason ? (
        <Typography
          variant="body2"
          color={g.state === 'failed' ? 'error' : 'textPrimary'}
        >
          {g.reason}
        </Typography>
      ) : (
        ''
      ),
  },
  {
    title: 'Commit',
    field: 'commit',
    render: g =>
      g.commit ? <code title={g.commit}>{g.commit.slice(0, 7)}</code> : '',
  },
  { title: 'Attempt', field: 'attempt' },
];

const eventColumns: TableColumn<BatchJobEvent>[] = [
  {
    title: 'When',
    field: 'at',
    render: e => new Date(e.at).toLocaleString(),
  },
  {
    title: 'Who',
    field: 'actor',
    render: e =>
      /^(user|group):/.test(e.actor) ? (
        <EntityRefLink entityRef={e.actor} />
      ) : (
        e.actor
      ),
  },
  { title: 'What', field: 'action' },
  { title: 'Details', field: 'message' },
];

/** One job: its state and actions, the wave timeline, every node group, and its history. */
export const BatchJobPage = () => {
  const { id = '' } = useParams();
  const api = useApi(edgeGitopsApiRef);
  const listLink = useRouteRef(batchJobsRouteRef);
  const [latest, setLatest] = useState<BatchJobDetail>();
  const { value, error, retry } = useAsyncRetry(
    () => api.getBatchJob(id),
    [api, id],
  );
  useEffect(() => setLatest(value), [value]);
  useInterval(retry, BATCH_REFRESH_MS);
  const job = latest ?? value;
  if (error && !job)
    return (
      <Page themeId="tool">
        <Header title="Batch job" type="Batch jobs" typeLink={listLink()} />
        <Content>
          <ResponseErrorPanel error={error} />
        </Content>
      </Page>
    );
  if (!job) return <Progress />;
  return (
    <Page themeId="tool">
      <Header
        title={`Roll out ${job.application}`}
        subtitle={`Batch job ${job.id}`}
        type="Batch jobs"
        typeLink={listLink()}
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={5}>
            <InfoCard title="Job">
              <StructuredMetadataTable
                metadata={{
                  state: <BatchJobStateChip state={job.state} />,
                  progress: <BatchProgressBar progress={job.progress} />,
                  images: job.images.join(', '),
                  'started by': /^(user|group):/.test(job.createdBy) ? (
                    <EntityRefLink entityRef={job.createdBy} />
                  ) : (
                    job.createdBy
                  ),
                  started: `${age(job.createdAt)} (${new Date(
                    job.createdAt,
                  ).toLocaleString()})`,
                  attempt: job.attempt,
                  waves: `canary ${job.options.waves.canary}, then ${
                    job.options.waves.size
                  } per wave${
                    job.options.waves.waitSeconds
                      ? `, ${job.options.waves.waitSeconds} s apart`
                      : ''
                  }`,
                  'health gate': `Current on the job's commit for ${job.options.soakSeconds} s, within ${job.options.waveTimeoutSeconds} s per wave`,
                  'stops after': `${job.options.maxUnavailable} failed node group(s)`,
                  'unreachable clusters':
                    job.options.unreachable === 'defer'
                      ? 'deferred to the end'
                      : 'count as failed',
                }}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={7}>
            <InfoCard title="Actions">
              <BatchJobActions job={job} onChange={setLatest} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Waves">
              <WaveTimeline job={job} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table<BatchNodeGroup>
              title="Node groups"
              columns={nodeGroupColumns}
              data={job.nodeGroups}
              options={{
                paging: job.nodeGroups.length > 50,
                pageSize: 50,
                search: true,
                padding: 'dense',
              }}
            />
          </Grid>
          <Grid item xs={12}>
            <Table<BatchJobEvent>
              title="History"
              columns={eventColumns}
              data={[...job.events].reverse()}
              options={{
                paging: job.events.length > 20,
                pageSize: 20,
                search: false,
                padding: 'dense',
              }}
            />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
