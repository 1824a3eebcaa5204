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
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ANNOTATION_APPLICATION } from '@edge-gitops/plugin-edge-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { ApplicationSummaryView, edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { StatusChip } from './StatusChip';

interface Row {
  entity: Entity;
  application: string;
  rollUp?: ApplicationSummaryView;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Application',
    field: 'application',
    highlight: true,
    render: row => <EntityRefLink entityRef={row.entity} />,
  },
  {
    title: 'Status',
    render: row =>
      row.rollUp ? (
        <StatusChip status={row.rollUp.status} />
      ) : (
        'not seen in any cluster'
      ),
  },
  { title: 'Node groups', render: row => row.rollUp?.summary ?? '' },
  { title: 'Description', field: 'entity.metadata.description' },
  { title: 'Owner', field: 'entity.spec.owner' },
];

/** Applications of the catalog with their roll-up over node groups, read from the clusters. */
export const ApplicationsPage = () => {
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(edgeGitopsApiRef);
  const { value, loading, error } = useAsync(async (): Promise<Row[]> => {
    const [entities, statuses] = await Promise.all([
      catalogApi.getEntities({
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_APPLICATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      }),
      api.listApplications({ limit: 200 }),
    ]);
    const byName = new Map(statuses.items.map(s => [s.application, s]));
    return entities.items.map(entity => {
      const application =
        entity.metadata.annotations?.[ANNOTATION_APPLICATION] ??
        entity.metadata.name;
      return { entity, application, rollUp: byName.get(application) };
    });
  }, [catalogApi, api]);
  return (
    <Page themeId="tool">
      <Header
        title="Edge applications"
        subtitle="Applications deployed to edge node groups"
      />
      <Content>
        <ContentHeader title="Applications" />
        {error ? (
          <ResponseErrorPanel error={error} />
        ) : (
          <Table<Row>
            title="Applications"
            isLoading={loading}
            columns={columns}
            data={value ?? []}
            options={{
              paging: true,
              pageSize: 20,
              search: true,
              padding: 'dense',
            }}
          />
        )}
      </Content>
    </Page>
  );
};
