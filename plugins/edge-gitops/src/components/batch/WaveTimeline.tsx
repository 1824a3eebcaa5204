import { Step, StepLabel, Stepper, Typography } from '@material-ui/core';
import type {
  BatchJobDetail,
  BatchWave,
} from '@edge-gitops/plugin-edge-gitops-common';
import { BatchItemStateChip } from './BatchStateChip';

const title = (w: BatchWave, job: BatchJobDetail) => {
  if (w.deferred) return `Wave ${w.index + 1}: deferred`;
  if (w.index === 0 && job.options.waves.canary > 0)
    return `Wave ${w.index + 1}: canary`;
  return `Wave ${w.index + 1}`;
};

const time = (iso?: string) =>
  iso ? new Date(iso).toLocaleTimeString() : undefined;

/** The waves in order, with each one's state, node groups and times. */
export const WaveTimeline = ({ job }: { job: BatchJobDetail }) => (
  <Stepper
    activeStep={job.currentWave}
    alternativeLabel
    style={{ overflowX: 'auto' }}
  >
    {job.waves.map(w => (
      <Step
        key={w.index}
        completed={w.state === 'done'}
        aria-label={`${title(w, job)}: ${w.state}`}
      >
        <StepLabel
          error={w.state === 'failed' || w.state === 'timedOut'}
          optional={
            <>
              <BatchItemStateChip state={w.state} />
              <Typography variant="caption" display="block">
                {w.nodeGroups.length} node group(s)
                {w.nodeGroups.length <= 3 ? `: ${w.nodeGroups.join(', ')}` : ''}
              </Typography>
              {w.startedAt && (
                <Typography variant="caption" display="block">
                  {time(w.startedAt)}
                  {w.finishedAt ? ` – ${time(w.finishedAt)}` : ''}
                </Typography>
              )}
            </>
          }
        >
          {title(w, job)}
        </StepLabel>
      </Step>
    ))}
  </Stepper>
);
