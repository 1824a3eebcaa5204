import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { batchJobsRouteRef } from '../../routes';
import { api, failedBatchJob } from '../../testing/fixtures';
import { Route, Routes } from 'react-router-dom';
import { BatchJobsPage } from './BatchJobsPage';

/** Mounted where the app mounts it, so its own routes see the rest of the path. */
const Mounted = () => (
  <Routes>
    <Route path="/edge-gitops/batch-jobs/*" element={<BatchJobsPage />} />
  </Routes>
);
import { batchJobActions } from './BatchJobActions';

const mounted = {
  mountedRoutes: {
    '/catalog/:namespace/:kind/:name': entityRouteRef,
    '/edge-gitops/batch-jobs': batchJobsRouteRef,
  },
};

// Rendering whole pages with material-table takes seconds on a busy two-core machine.
jest.setTimeout(30_000);

describe('batch job pages', () => {
  it('lists jobs with state, wave, progress and who started them, linking to each', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <Mounted />
      </TestApiProvider>,
      { ...mounted, routeEntries: ['/edge-gitops/batch-jobs'] },
    );
    const link = await screen.findByRole('link', { name: 'web' });
    expect(link).toHaveAttribute(
      'href',
      `/edge-gitops/batch-jobs/${failedBatchJob.id}`,
    );
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    expect(
      screen.getByText('0 of 3 healthy · 1 failed · 2 skipped'),
    ).toBeInTheDocument();
  });

  it('shows a job with its waves, the reason a node group failed, and a retry that says what it does', async () => {
    const requestBatchJob = jest.fn(api.requestBatchJob);
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, { ...api, requestBatchJob }]]}>
        <Mounted />
      </TestApiProvider>,
      {
        ...mounted,
        routeEntries: [`/edge-gitops/batch-jobs/${failedBatchJob.id}`],
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Roll out web' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Wave 1: canary')).toBeInTheDocument();
    expect(
      screen.getByText(/ImagePullBackOff \(registry.invalid: no such host\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Run again only the 3 node group(s) that did not succeed, as attempt 2.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(requestBatchJob).toHaveBeenCalledWith(failedBatchJob.id, 'retry'),
    );
    expect(await screen.findByText('Queued')).toBeInTheDocument();
  });

  it('offers each action only in the states it fits', () => {
    const offered = (state: any) =>
      batchJobActions({ ...failedBatchJob, state })
        .filter(a => a.enabled)
        .map(a => a.request);
    expect(offered('Running')).toEqual(['stop']);
    expect(offered('Queued')).toEqual(['stop']);
    expect(offered('Stopped')).toEqual(['continue']);
    expect(offered('TimedOut')).toEqual(['retry']);
    expect(offered('Succeeded')).toEqual([]);
    expect(offered('Stopping')).toEqual([]);
  });
});
