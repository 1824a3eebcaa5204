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

const columns: TableColumn<Entity>[] = [
  {
    title: 'Application',
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  {
    title: 'EdgeApplication',
    render: entity => entity.metadata.annotations?.[ANNOTATION_APPLICATION],
  },
  { title: 'Description', field: 'metadata.description' },
  { title: 'Owner', field: 'spec.owner' },
];

/** Components of the catalog that stand for an EdgeApplication; the table searches fuzzily. */
export const ApplicationsPage = () => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () =>
      catalogApi.getEntities({
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_APPLICATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      }),
    [catalogApi],
  );
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
          <Table<Entity>
            title="Applications"
            isLoading={loading}
            columns={columns}
            data={value?.items ?? []}
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
