import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type { BatchJobDetail } from '@edge-gitops/plugin-edge-gitops-common';
import { Box, Button, Typography } from '@material-ui/core';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { total } from './BatchProgressBar';

type Request = 'stop' | 'continue' | 'retry';

/**
 * What each button will do with this job, in words; when the job's state does not allow it,
 * when it will.
 */
export function batchJobActions(job: BatchJobDetail) {
  const inFlight = job.progress.published;
  const notSucceeded = total(job.progress) - job.progress.healthy;
  // A job stopped between waves goes on with the next one.
  const current = job.waves[job.currentWave];
  const resumeAt = Math.min(
    job.currentWave + (current?.state === 'done' ? 2 : 1),
    job.waveCount,
  );
  const stop = job.state === 'Queued' || job.state === 'Running';
  const resume = job.state === 'Stopped';
  const retry = ['Failed', 'PartiallySucceeded', 'TimedOut'].includes(
    job.state,
  );
  let stopSays = 'Only a queued or running job can be stopped.';
  if (job.state === 'Queued') stopSays = 'Stop before the first wave starts.';
  else if (job.state === 'Running')
    stopSays = `Finish the ${inFlight} node group(s) in flight, then start nothing new.`;
  return [
    {
      request: 'stop' as Request,
      label: 'Stop',
      enabled: stop,
      says: stopSays,
    },
    {
      request: 'continue' as Request,
      label: 'Continue',
      enabled: resume,
      says: resume
        ? `Go on from wave ${resumeAt} of ${job.waveCount}.`
        : 'Available once the job is stopped.',
    },
    {
      request: 'retry' as Request,
      label: 'Retry',
      enabled: retry,
      says: retry
        ? `Run again only the ${notSucceeded} node group(s) that did not succeed, as attempt ${
            job.attempt + 1
          }.`
        : 'Available when the job failed, partly succeeded or timed out.',
    },
  ];
}

/** Stop, continue and retry, each saying what it will do; disabled where the state forbids. */
export const BatchJobActions = ({
  job,
  onChange,
}: {
  job: BatchJobDetail;
  onChange: (job: BatchJobDetail) => void;
}) => {
  const api = useApi(edgeGitopsApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState<Request>();
  const ask = async (request: Request) => {
    setBusy(request);
    try {
      onChange(await api.requestBatchJob(job.id, request));
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Box display="flex" style={{ gap: 24 }} flexWrap="wrap">
      {batchJobActions(job).map(a => (
        <Box key={a.request} maxWidth={260}>
          <Button
            variant={a.enabled ? 'contained' : 'outlined'}
            color={a.request === 'stop' ? 'secondary' : 'primary'}
            disabled={!a.enabled || busy !== undefined}
            onClick={() => ask(a.request)}
          >
            {busy === a.request ? `${a.label}…` : a.label}
          </Button>
          <Typography variant="body2" color="textSecondary">
            {a.says}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};
