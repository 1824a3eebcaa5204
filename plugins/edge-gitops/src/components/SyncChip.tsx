import {
  Link,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import {
  commitUrl,
  GitLocation,
  SyncStatus,
} from '@edge-gitops/plugin-edge-gitops-common';
import { Tooltip, Typography } from '@material-ui/core';

/**
 * A commit as its short SHA, linked to its page when the git host has one.
 *
 * @public
 */
export const CommitLink = ({
  sha,
  git,
}: {
  sha?: string | null;
  git?: GitLocation | null;
}) => {
  if (!sha) return <>—</>;
  const href = git ? commitUrl(git.url, sha) : undefined;
  const short = <code title={sha}>{sha.slice(0, 7)}</code>;
  return href ? <Link to={href}>{short}</Link> : short;
};

const STATE = {
  Synced: StatusOK,
  Pending: StatusRunning,
  Failed: StatusError,
  Unknown: StatusPending,
} as const;

/**
 * Whether the cluster applied the git head: state, agent, applied and head commits, why.
 *
 * @public
 */
export const SyncChip = ({
  sync,
  git,
}: {
  sync: SyncStatus;
  git?: GitLocation | null;
}) => {
  const Icon = STATE[sync.state];
  return (
    <Tooltip title={sync.message}>
      <span>
        <Icon>
          {sync.state}
          {sync.agent ? ` (${sync.agent})` : ''}
        </Icon>
        <Typography variant="caption" display="block">
          applied <CommitLink sha={sync.revision} git={git} />, head{' '}
          <CommitLink sha={sync.head} git={git} />
        </Typography>
        {sync.state === 'Failed' || sync.state === 'Unknown' ? (
          <Typography
            variant="caption"
            display="block"
            color={sync.state === 'Failed' ? 'error' : 'textSecondary'}
          >
            {sync.message}
          </Typography>
        ) : null}
      </span>
    </Tooltip>
  );
};
