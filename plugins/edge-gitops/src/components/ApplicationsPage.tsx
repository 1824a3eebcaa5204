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
import {
  ANNOTATION_APPLICATION,
  ApplicationSummary,
  fuzzyMatch,
} from '@edge-gitops/plugin-edge-gitops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Typography } from '@material-ui/core';
import { EdgeGitopsApi, edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { StatusChip } from './StatusChip';
import { STATUS_REFRESH_MS } from './ApplicationPlacements';
import { RegisterApplication } from './RegisterApplication';

interface Row {
  /** Undefined for an application the clusters run that no catalog entity describes. */
  entity?: Entity;
  application: string;
  rollUp?: ApplicationSummary;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Application',
    field: 'application',
    highlight: true,
    render: row =>
      row.entity ? (
        <EntityRefLink entityRef={row.entity} />
      ) : (
        <>
          {row.application}
          <Typography variant="caption" display="block">
            not in the catalog (published from a pipeline?){' '}
            <RegisterApplication application={row.application} />
          </Typography>
        </>
      ),
    // The search box matches names fuzzily: "wbfrnt" finds web-front.
    customFilterAndSearch: (term: string, row: Row) =>
      fuzzyMatch(row.application, term),
  },
  {
    title: 'Status',
    render: row =>
      row.rollUp ? (
        <StatusChip status={row.rollUp.status} />
      ) : (
        'not published, not seen in any cluster'
      ),
  },
  { title: 'Node groups', render: row => row.rollUp?.summary ?? '' },
  {
    title: 'Published to',
    render: row =>
      row.rollUp?.publishedTo
        ? `${row.rollUp.publishedTo} node group${
            row.rollUp.publishedTo === 1 ? '' : 's'
          }`
        : 'not in git',
  },
  {
    title: 'Description',
    render: row => row.entity?.metadata.description ?? '',
  },
  {
    title: 'Owner',
    render: row => String(row.entity?.spec?.owner ?? ''),
  },
];

/** Every roll-up the backend has, page by page (it serves at most 200 at a time). */
async function allApplicationRollUps(
  api: EdgeGitopsApi,
): Promise<ApplicationSummary[]> {
  const all: ApplicationSummary[] = [];
  for (;;) {
    const page = await api.listApplications({ offset: all.length, limit: 200 });
    all.push(...page.items);
    if (!page.items.length || all.length >= page.totalItems) return all;
  }
}

/**
 * Applications of the catalog and every application git holds or a cluster runs, with the
 * roll-up over the node groups it is published to or seen in.
 *
 * @public
 */
export const ApplicationsPage = () => {
  const catalogApi = useApi(catalogApiRef);
  const api = useApi(edgeGitopsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async (): Promise<
    Row[]
  > => {
    const [entities, statuses] = await Promise.all([
      catalogApi.getEntities({
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_APPLICATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      }),
      allApplicationRollUps(api),
    ]);
    const byName = new Map(statuses.map(s => [s.application, s]));
    const rows: Row[] = entities.items.map(entity => {
      const application =
        entity.metadata.annotations?.[ANNOTATION_APPLICATION] ??
        entity.metadata.name;
      return { entity, application, rollUp: byName.get(application) };
    });
    // What git holds or the clusters run but the catalog does not know is shown too.
    const described = new Set(rows.map(r => r.application));
    for (const rollUp of statuses)
      if (!described.has(rollUp.application))
        rows.push({ application: rollUp.application, rollUp });
    return rows;
  }, [catalogApi, api]);
  // Roll-ups change as clusters report: refreshed like the entity tab, keeping the last answer.
  useInterval(retry, STATUS_REFRESH_MS);
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
            isLoading={loading && !value}
            columns={columns}
            data={value ?? []}
            options={{
              paging: true,
              pageSize: 20,
              search: true,
              padding: 'dense',
            }}
            actions={[
              {
                icon: () => <RefreshIcon />,
                tooltip: 'Refresh',
                isFreeAction: true,
                onClick: retry,
              },
            ]}
          />
        )}
      </Content>
    </Page>
  );
};
