import {
  CodeSnippet,
  InfoCard,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  argoApplicationFor,
  fluxGitRepositoryFor,
  fluxKustomizationFor,
  nodeGroupFromEntity,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Grid, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { ClusterConnectionStatus } from './ClusterConnectionStatus';
import { CommitLink, SyncChip } from './SyncChip';
import { NodeGroupApplications } from './NodeGroupApplications';
import { NodeGroupReporter } from './NodeGroupReporter';

/** The node group's cluster as the backend sees it: connection check and git sync. */
const ClusterCard = ({ name }: { name: string }) => {
  const api = useApi(edgeGitopsApiRef);
  const { value, error, retry } = useAsyncRetry(
    async () => (await api.listNodeGroups()).items.find(g => g.name === name),
    [api, name],
  );
  useInterval(retry, 30_000);
  return (
    <InfoCard title="Cluster">
      {error && (
        <WarningPanel title="Status unavailable" message={error.message} />
      )}
      {value && (
        <>
          <ClusterConnectionStatus cluster={value.connection} />
          <Typography variant="body2" component="div" style={{ marginTop: 8 }}>
            Git head <CommitLink sha={value.repository.head} git={value.git} />
          </Typography>
          <SyncChip sync={value.sync} git={value.git} />
        </>
      )}
      {!value && !error && <Typography>Loading…</Typography>}
    </InfoCard>
  );
};

/**
 * Node group tab: its git location, its cluster, the applications published there, and how
 * to point Flux or Argo CD at it.
 *
 * @public
 */
export const NodeGroupConnect = () => {
  const { entity } = useEntity();
  let group;
  try {
    group = nodeGroupFromEntity(entity);
  } catch (e) {
    return (
      <WarningPanel
        title="Not a usable node group"
        message={(e as Error).message}
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item md={6} xs={12}>
        <InfoCard title="Git location">
          <Typography>
            Repository <code>{group.git.url}</code>, branch{' '}
            <code>{group.git.branch}</code>, folder{' '}
            <code>/{group.git.path}</code>
          </Typography>
          <Typography variant="body2" style={{ marginTop: 8 }}>
            Apply one of the snippets below in the node group's cluster. Keep
            their labels: edge-gitops reads the revision the agent applied from
            the object that carries them, once{' '}
            <code>edgeGitops.clusters.{group.name}</code> is configured or the
            cluster's reporter runs.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item md={6} xs={12}>
        <ClusterCard name={group.name} />
      </Grid>
      <Grid item xs={12}>
        <NodeGroupApplications nodeGroup={group.name} git={group.git} />
      </Grid>
      <Grid item xs={12}>
        <NodeGroupReporter nodeGroup={group.name} />
      </Grid>
      <Grid item md={6} xs={12}>
        <InfoCard title="Connect with Flux">
          <CodeSnippet
            language="yaml"
            text={`${toYaml(fluxGitRepositoryFor(group))}---\n${toYaml(
              fluxKustomizationFor(group),
            )}`}
            showCopyCodeButton
          />
        </InfoCard>
      </Grid>
      <Grid item md={6} xs={12}>
        <InfoCard title="Connect with Argo CD">
          <CodeSnippet
            language="yaml"
            text={toYaml(argoApplicationFor(group))}
            showCopyCodeButton
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
};
