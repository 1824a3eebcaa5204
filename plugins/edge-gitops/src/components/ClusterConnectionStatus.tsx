import { StatusError, StatusOK } from '@backstage/core-components';
import type { ClusterConnectionState } from '@edge-gitops/plugin-edge-gitops-common';
import { Typography } from '@material-ui/core';

/**
 * Reachable with its version and agents, or why not and when it was last seen.
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
      <StatusError>not reachable</StatusError>
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
