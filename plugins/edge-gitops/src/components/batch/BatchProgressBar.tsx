import { Box, LinearProgress, Typography } from '@material-ui/core';
import type { BatchProgress } from '@edge-gitops/plugin-edge-gitops-common';

export const total = (p: BatchProgress) =>
  p.pending + p.published + p.healthy + p.failed + p.skipped;

/** Healthy node groups out of all, with the failures named beside the bar. */
export const BatchProgressBar = ({ progress }: { progress: BatchProgress }) => {
  const all = total(progress);
  const value = all ? (100 * progress.healthy) / all : 0;
  const parts = [
    `${progress.healthy} of ${all} healthy`,
    progress.published ? `${progress.published} published` : '',
    progress.failed ? `${progress.failed} failed` : '',
    progress.skipped ? `${progress.skipped} skipped` : '',
  ].filter(Boolean);
  return (
    <Box minWidth={160}>
      <LinearProgress
        variant="determinate"
        value={value}
        color={progress.failed ? 'secondary' : 'primary'}
        aria-label={parts.join(', ')}
      />
      <Typography variant="caption">{parts.join(' · ')}</Typography>
    </Box>
  );
};
