import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Chip, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import type { NodeGroupItem } from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { ClusterConnectionStatus } from './ClusterConnectionStatus';
import { CommitLink, SyncChip } from './SyncChip';

type Row = NodeGroupItem;

const columns: TableColumn<Row>[] = [
  {
    title: 'Node group',
    field: 'name',
    highlight: true,
    render: row => (
      <EntityRefLink
        entityRef={{ kind: 'Resource', namespace: 'default', name: row.name }}
        title={row.title ?? row.name}
      />
    ),
  },
  {
    title: 'Labels',
    field: 'labels',
    render: row =>
      Object.entries(row.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => <Chip key={k} size="small" label={`${k}=${v}`} />),
  },
  { title: 'Repository', field: 'git.url' },
  { title: 'Branch', field: 'git.branch' },
  { title: 'Path', render: row => `/${row.git.path}` },
  {
    title: 'Cluster',
    render: row => <ClusterConnectionStatus cluster={row.connection} />,
  },
  {
    title: 'Head',
    render: row =>
      row.repository.error ? (
        <Typography variant="caption" color="error">
          {row.repository.error}
        </Typography>
      ) : (
        <CommitLink sha={row.repository.head} git={row.git} />
      ),
  },
  {
    title: 'Git sync',
    render: row => <SyncChip sync={row.sync} git={row.git} />,
  },
];

/** @public */
export const NodeGroupsTable = () => {
  const api = useApi(edgeGitopsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listNodeGroups(),
    [api],
  );
  useInterval(retry, 30_000);
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      {value?.issues.map(issue => (
        <Alert severity="warning" key={issue.entity}>
          {issue.message}
        </Alert>
      ))}
      <Table<Row>
        title="Node groups"
        isLoading={loading && !value}
        columns={columns}
        data={value?.items ?? []}
        options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
        actions={[
          {
            icon: () => <RefreshIcon />,
            tooltip: 'Refresh',
            isFreeAction: true,
            onClick: retry,
          },
        ]}
      />
    </>
  );
};

/** @public */
export const NodeGroupsPage = () => (
  <Page themeId="tool">
    <Header
      title="Edge node groups"
      subtitle="Clusters and pools that sync a git location"
    />
    <Content>
      <ContentHeader title="Node groups" />
      <NodeGroupsTable />
    </Content>
  </Page>
);
