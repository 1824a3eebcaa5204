import {
  InfoCard,
  ResponseErrorPanel,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_APPLICATION } from '@edge-gitops/plugin-edge-gitops-common';
import { Button, Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { edgeGitopsApiRef, PlacementView } from '../api/EdgeGitopsApi';

function usePlacements() {
  const { entity } = useEntity();
  const application =
    entity.metadata.annotations?.[ANNOTATION_APPLICATION] ?? '';
  const api = useApi(edgeGitopsApiRef);
  const state = useAsyncRetry(
    () => api.getPlacements(application),
    [api, application],
  );
  return { application, ...state };
}

const columns: TableColumn<PlacementView>[] = [
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
  { title: 'Files', render: row => row.files.join(', ') },
  { title: 'Git head', render: row => (row.head ? row.head.slice(0, 8) : '—') },
];

/** Entity tab: every node group, and whether this application is in its git location. */
export const ApplicationPlacementsContent = () => {
  const { application, value, loading, error, retry } = usePlacements();
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<PlacementView>
      title={`Where ${application} is published`}
      isLoading={loading}
      columns={columns}
      data={value?.items ?? []}
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

/** Overview card: how many node groups hold the application. */
export const ApplicationPlacementsCard = () => {
  const { application, value, error, retry } = usePlacements();
  const published = value?.items.filter(p => p.published).length ?? 0;
  return (
    <InfoCard title="Edge deployment">
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <Typography variant="body1">
          {value
            ? `${application} is published to ${published} of ${value.items.length} node groups.`
            : 'Loading…'}
        </Typography>
      )}
      <Button size="small" onClick={retry}>
        Refresh
      </Button>
    </InfoCard>
  );
};
