import { StatusError, StatusOK } from '@backstage/core-components';
import type { ClusterConnectionState } from '@edge-gitops/plugin-edge-gitops-common';
import { Chip, Tooltip, Typography } from '@material-ui/core';

/**
 * Reachable with its version and agents, or why not and when it was last seen; how
 * Backstage learns about it (watched or reporting); a simulated cluster says so, so
 * nobody mistakes it for a real one.
 *
 * @public
 */
export const ClusterConnectionStatus = ({
  cluster,
}: {
  cluster: ClusterConnectionState;
}) => (
  <>
    {cluster.reachable ? (
      <StatusOK>
        {cluster.kubernetesVersion ?? 'reachable'}
        {cluster.gitopsAgents?.length
          ? ` · ${cluster.gitopsAgents.join(', ')}`
          : ''}
      </StatusOK>
    ) : (
      <StatusError>
        {cluster.mode === 'reporting' ? 'reporter silent' : 'not reachable'}
      </StatusError>
    )}
    {cluster.mode && (
      <Tooltip
        title={
          cluster.mode === 'reporting'
            ? 'A reporter in the cluster pushes its status to Backstage (the cluster need not be reachable).'
            : 'Backstage watches the cluster’s API server.'
        }
      >
        <Chip size="small" variant="outlined" label={cluster.mode} />
      </Tooltip>
    )}
    {cluster.simulated && (
      <Tooltip title="Run by edge-gitops' simulated fleet (edgeGitops.simulator), not a real Kubernetes cluster. Configure edgeGitops.clusters to connect a real one.">
        <Chip size="small" variant="outlined" label="simulated" />
      </Tooltip>
    )}
    <Typography variant="caption" display="block">
      {cluster.lastSeen
        ? `last seen ${new Date(cluster.lastSeen).toLocaleString()}`
        : 'never seen'}
    </Typography>
    {[cluster.lastError, ...(cluster.warnings ?? [])].filter(Boolean).map(m => (
      <Typography key={m} variant="caption" display="block" color="error">
        {m}
      </Typography>
    ))}
  </>
);
