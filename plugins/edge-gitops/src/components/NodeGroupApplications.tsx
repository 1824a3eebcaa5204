import {
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_APPLICATION,
  GitLocation,
  PlacedApplication,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { HostPortList, ImageList, WorkloadList } from './PlacedItems';

type Row = PlacedApplication & { entity?: Entity };

const columns: TableColumn<Row>[] = [
  {
    title: 'Application',
    field: 'application',
    highlight: true,
    render: row =>
      row.entity ? (
        <EntityRefLink entityRef={row.entity} title={row.application} />
      ) : (
        <>
          {row.application}
          <Typography variant="caption" display="block">
            not in the catalog
          </Typography>
        </>
      ),
  },
  {
    title: 'Workloads',
    render: row => <WorkloadList workloads={row.workloads} />,
  },
  { title: 'Images', render: row => <ImageList images={row.images} /> },
  {
    title: 'Host ports',
    render: row => <HostPortList hostPorts={row.hostPorts} />,
  },
];

/** The Components that describe applications, by application name. */
async function applicationEntities(
  catalogApi: typeof catalogApiRef.T,
): Promise<Map<string, Entity>> {
  const { items } = await catalogApi.getEntities({
    filter: {
      kind: 'Component',
      [`metadata.annotations.${ANNOTATION_APPLICATION}`]: CATALOG_FILTER_EXISTS,
    },
  });
  return new Map(
    items.map(e => [e.metadata.annotations![ANNOTATION_APPLICATION], e]),
  );
}

/**
 * What a node group's git location holds, from the backend's placement index: every
 * application, registered in the catalog or published from a pipeline.
 */
export const NodeGroupApplications = ({
  nodeGroup,
  git,
}: {
  nodeGroup: string;
  git: GitLocation;
}) => {
  const api = useApi(edgeGitopsApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [held, entities] = await Promise.all([
      api.listNodeGroupApplications(nodeGroup),
      applicationEntities(catalogApi),
    ]);
    const rows: Row[] = held.items.map(a => ({
      ...a,
      entity: entities.get(a.application),
    }));
    return { held, rows };
  }, [api, catalogApi, nodeGroup]);
  useInterval(retry, 30_000);
  if (error) return <ResponseErrorPanel error={error} />;
  const head = value?.held.head;
  return (
    <>
      {value?.held.error && (
        <WarningPanel
          title={`Could not read ${nodeGroup}'s git location the last time; showing what it held before`}
          message={value.held.error}
        />
      )}
      <Table<Row>
        title={`Applications in ${nodeGroup}'s git location`}
        subtitle={
          head
            ? `At commit ${head.slice(0, 7)} of ${git.branch}`
            : 'Nothing published yet'
        }
        isLoading={loading && !value}
        columns={columns}
        data={value?.rows ?? []}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No application is published to this node group.
          </Typography>
        }
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
    </>
  );
};
