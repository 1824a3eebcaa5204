import {
  InfoCard,
  LinkButton,
  ResponseErrorPanel,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_APPLICATION } from '@edge-gitops/plugin-edge-gitops-common';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import type { ApplicationPlacement } from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { ApplicationStatusTable } from './ApplicationStatus';
import { StatusChip } from './StatusChip';
import { CommitLink } from './SyncChip';
import { HostPortList, ImageList, WorkloadList } from './PlacedItems';
import { templateRouteRef } from '../routes';

function useApplication() {
  const { entity } = useEntity();
  return entity.metadata.annotations?.[ANNOTATION_APPLICATION] ?? '';
}

function usePlacements() {
  const application = useApplication();
  const api = useApi(edgeGitopsApiRef);
  const state = useAsyncRetry(
    () => api.getPlacements(application),
    [api, application],
  );
  return { application, ...state };
}

/**
 * How often the status refreshes by itself: the backend answers from its cache.
 *
 * @public
 */
export const STATUS_REFRESH_MS = 15_000;

/**
 * The application's status, refreshed every STATUS_REFRESH_MS without a page reload; the
 * last answer stays on screen while the next one loads.
 */
function useStatus() {
  const application = useApplication();
  const api = useApi(edgeGitopsApiRef);
  const state = useAsyncRetry(
    () => api.getApplicationStatus(application),
    [api, application],
  );
  useInterval(state.retry, STATUS_REFRESH_MS);
  return state;
}

const columns: TableColumn<ApplicationPlacement>[] = [
  { title: 'Node group', field: 'nodeGroup', highlight: true },
  {
    title: 'Published',
    render: row =>
      row.published ? (
        <StatusOK>in git</StatusOK>
      ) : (
        <StatusPending>not published</StatusPending>
      ),
  },
  {
    title: 'Commit',
    render: row => (
      <>
        <CommitLink sha={row.head} />
        {row.error && (
          <Typography variant="caption" color="error" display="block">
            {row.error}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Images', render: row => <ImageList images={row.images} /> },
  {
    title: 'Workloads',
    render: row => <WorkloadList workloads={row.workloads} />,
  },
  {
    title: 'Host ports',
    render: row => <HostPortList hostPorts={row.hostPorts} />,
  },
];

const PlacementsTable = () => {
  const { application, value, loading, error, retry } = usePlacements();
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<ApplicationPlacement>
      title={`Where ${application} is published`}
      isLoading={loading}
      columns={columns}
      // Published node groups first: those are what a reader came for.
      data={[...(value?.items ?? [])].sort(
        (a, b) => Number(b.published) - Number(a.published),
      )}
      options={{ paging: false, search: true, padding: 'dense' }}
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

/**
 * What a person can do with the application from its page: change it (the `edge-update`
 * template) or remove it (`edge-remove`), filled in. Shown when the app binds the
 * scaffolder's template page.
 */
const ApplicationActions = () => {
  const application = useApplication();
  const templateRoute = useRouteRef(templateRouteRef);
  if (!templateRoute || !application) return null;
  const formData = encodeURIComponent(JSON.stringify({ name: application }));
  const to = (templateName: string) =>
    `${templateRoute({
      namespace: 'default',
      templateName,
    })}?formData=${formData}`;
  return (
    <Box display="flex" justifyContent="flex-end" style={{ gap: 8 }}>
      <LinkButton
        to={to('edge-update')}
        variant="outlined"
        color="primary"
        startIcon={<EditIcon />}
      >
        Change {application}
      </LinkButton>
      <LinkButton
        to={to('edge-remove')}
        variant="outlined"
        startIcon={<DeleteIcon />}
      >
        Remove {application}
      </LinkButton>
    </Box>
  );
};

/**
 * Entity tab: status per node group from the clusters, then what is in each git location.
 *
 * @public
 */
export const ApplicationPlacementsContent = () => {
  const status = useStatus();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ApplicationActions />
      </Grid>
      <Grid item xs={12}>
        <ApplicationStatusTable
          value={status.value}
          loading={status.loading}
          error={status.error}
          retry={status.retry}
        />
      </Grid>
      <Grid item xs={12}>
        <PlacementsTable />
      </Grid>
    </Grid>
  );
};

/**
 * Overview card: the roll-up over node groups, and how many hold the application in git.
 *
 * @public
 */
export const ApplicationPlacementsCard = () => {
  const { application, value, error, retry } = usePlacements();
  const status = useStatus();
  const published = value?.items.filter(p => p.published).length ?? 0;
  return (
    <InfoCard title="Edge deployment">
      {status.value && (
        <Typography variant="body1" gutterBottom>
          <StatusChip status={status.value.status} /> {status.value.summary}
        </Typography>
      )}
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <Typography variant="body1">
          {value
            ? `${application} is published to ${published} of ${value.items.length} node groups.`
            : 'Loading…'}
        </Typography>
      )}
      <Button
        size="small"
        onClick={() => {
          retry();
          status.retry();
        }}
      >
        Refresh
      </Button>
    </InfoCard>
  );
};
