import {
  Content,
  ContentHeader,
  Header,
  Page,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Chip } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import {
  ClusterView,
  edgeGitopsApiRef,
  NodeGroupView,
} from '../api/EdgeGitopsApi';

type Row = NodeGroupView & { cluster?: ClusterView };

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
    render: row => {
      if (!row.cluster) return 'not configured';
      if (row.cluster.reachable)
        return (
          <StatusOK>{row.cluster.kubernetesVersion ?? 'reachable'}</StatusOK>
        );
      return (
        <StatusError>{`not reachable${
          row.cluster.lastSeen ? `, last seen ${row.cluster.lastSeen}` : ''
        }`}</StatusError>
      );
    },
  },
  {
    title: 'Head',
    render: row =>
      row.repository.head ? row.repository.head.slice(0, 8) : '—',
  },
];

export const NodeGroupsTable = () => {
  const api = useApi(edgeGitopsApiRef);
  const { value, loading, error } = useAsync(async () => {
    const [groups, clusters] = await Promise.all([
      api.listNodeGroups(),
      api.listClusters(),
    ]);
    const byGroup = new Map(clusters.items.map(c => [c.nodeGroup, c]));
    return {
      ...groups,
      items: groups.items.map(g => ({ ...g, cluster: byGroup.get(g.name) })),
    };
  }, [api]);
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
        isLoading={loading}
        columns={columns}
        data={value?.items ?? []}
        options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
      />
    </>
  );
};

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
