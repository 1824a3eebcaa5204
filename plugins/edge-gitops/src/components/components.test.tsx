import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { EdgeGitopsApi, edgeGitopsApiRef } from '../api/EdgeGitopsApi';
import { api, webApplication } from '../testing/fixtures';
import { templateRouteRef } from '../routes';
import { NodeGroupsTable } from './NodeGroupsPage';
import { ApplicationsPage } from './ApplicationsPage';
import { NodeGroupConnect } from './NodeGroupConnect';
import { NodeGroupReporter } from './NodeGroupReporter';
import {
  ApplicationPlacementsCard,
  ApplicationPlacementsContent,
} from './ApplicationPlacements';

/** A catalog that describes the application web (and nothing else). */
const webOnlyCatalog = {
  getEntities: async () => ({ items: [webApplication] }),
};

// Rendering whole pages with material-table takes seconds on a busy two-core machine.
jest.setTimeout(30_000);

describe('edge-gitops components', () => {
  it('lists node groups with labels, git location and head, and shows broken ones', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <NodeGroupsTable />
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(await screen.findByText('Shanghai plant 1')).toBeInTheDocument();
    expect(screen.getByText('region=east')).toBeInTheDocument();
    expect(screen.getByText('repos/sh-01.git')).toBeInTheDocument();
    expect(screen.getAllByText('0123456').length).toBeGreaterThan(0);
    expect(screen.getByText('v1.31.4+k3s1 · Flux')).toBeInTheDocument();
    expect(screen.getByText('Failed (Flux)')).toBeInTheDocument();
    expect(
      screen.getByText(/BuildFailed: kustomize build failed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/edge-gitops.io\/repo-url"\]: is required/),
    ).toBeInTheDocument();
  });

  it('shows how to connect a node group with Flux and Argo CD', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'gz-01',
        annotations: {
          'edge-gitops.io/repo-url': 'https://git.example.com/edge/south.git',
          'edge-gitops.io/repo-path': '/gz-01',
        },
      },
      spec: { type: 'edge-node-group', owner: 'group:platform' },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [edgeGitopsApiRef, api],
          [catalogApiRef, webOnlyCatalog],
        ]}
      >
        <EntityProvider entity={entity}>
          <NodeGroupConnect />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(screen.getByText('Connect with Flux')).toBeInTheDocument();
    // The snippets are syntax-highlighted, so their text is split over many elements.
    const text = document.body.textContent ?? '';
    expect(text).toContain('path: ./gz-01');
    expect(text).toContain('kind: GitRepository');
    expect(text).toContain('repoURL: https://git.example.com/edge/south.git');
    expect(text).toContain('path: gz-01');
    expect(text).toContain('edge-gitops.io/node-group: gz-01');
  });

  it('shows the cluster connection check and git sync on the node group tab', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'sh-01',
        annotations: { 'edge-gitops.io/repo-url': 'repos/sh-01.git' },
      },
      spec: { type: 'edge-node-group', owner: 'group:platform' },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [edgeGitopsApiRef, api],
          [catalogApiRef, webOnlyCatalog],
        ]}
      >
        <EntityProvider entity={entity}>
          <NodeGroupConnect />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('v1.31.4+k3s1 · Flux')).toBeInTheDocument();
    expect(screen.getByText(/last seen/)).toBeInTheDocument();
    expect(screen.getByText('Failed (Flux)')).toBeInTheDocument();
  });

  it('lists the applications a node group holds in git, registered or not', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'sh-01',
        annotations: { 'edge-gitops.io/repo-url': 'repos/sh-01.git' },
      },
      spec: { type: 'edge-node-group', owner: 'group:platform' },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [edgeGitopsApiRef, api],
          [catalogApiRef, webOnlyCatalog],
        ]}
      >
        <EntityProvider entity={entity}>
          <NodeGroupConnect />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText("Applications in sh-01's git location"),
    ).toBeInTheDocument();
    expect(screen.getByText('At commit 0123456 of main')).toBeInTheDocument();
    expect(screen.getByText('nginx:1.27')).toBeInTheDocument();
    expect(screen.getByText('Deployment/web')).toBeInTheDocument();
    expect(screen.getByText('8080/TCP')).toBeInTheDocument();
    // web links to its entity; pi, published from a pipeline, says it is not in the catalog.
    expect(screen.getByRole('link', { name: 'web' })).toHaveAttribute(
      'href',
      '/catalog/default/component/web',
    );
    expect(screen.getByText('Job/pi')).toBeInTheDocument();
    expect(screen.getByText('not in the catalog')).toBeInTheDocument();
  });

  it('tells a non node group apart instead of failing', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'db' },
      spec: { type: 'database' },
    };
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <NodeGroupConnect />
      </EntityProvider>,
    );
    expect(screen.getByText(/Not a usable node group/)).toBeInTheDocument();
  });

  it('summarises where an application is published', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <EntityProvider entity={webApplication}>
          <ApplicationPlacementsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('web is published to 1 of 2 node groups.'),
    ).toBeInTheDocument();
  });
  it('shows status per node group with progress and the reasons pods fail', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <EntityProvider entity={webApplication}>
          <ApplicationPlacementsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Status: 1 of 2 node groups current'),
    ).toBeInTheDocument();
    expect(screen.getByText('1/2 ready')).toBeInTheDocument();
    expect(
      screen.getByText(/web-7f9-abc\/web: ImagePullBackOff/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Deployment web: Available: 1\/2/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Failed ×4 on Pod\/web-7f9-abc: Failed to pull image "nginx:nope"/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Synced (Flux)')).toBeInTheDocument();
    expect(screen.getByText('Pending (Argo CD)')).toBeInTheDocument();
    // sh-02's cluster is one of the simulated fleet's, and says so.
    expect(screen.getAllByText('simulated')).toHaveLength(1);
    // Commits link to the host's commit page when it has one; local repositories have none.
    const links = screen
      .getAllByText('4f1c2a9')
      .map(el => el.closest('a')?.getAttribute('href'));
    expect(links).toContain(
      'https://github.com/acme/edge-sh-01/commit/4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
    );
    expect(screen.getByText('0a1b2c3').closest('a')).toBeNull();
    expect(
      await screen.findByText('Where web is published'),
    ).toBeInTheDocument();
    // Per node group, the commit and the images published there.
    expect(await screen.findByText('nginx:1.27')).toBeInTheDocument();
    expect(screen.getByText('8080/TCP')).toBeInTheDocument();
    expect(screen.getByText('not published')).toBeInTheDocument();
  });

  it('links to the edge-update and edge-remove templates, filled in, when the template page is bound', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <EntityProvider entity={webApplication}>
          <ApplicationPlacementsContent />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/create/templates/:namespace/:templateName': templateRouteRef,
        },
      },
    );
    const link = (await screen.findByText('Remove web')).closest('a');
    expect(link?.getAttribute('href')).toBe(
      `/create/templates/default/edge-remove?formData=${encodeURIComponent(
        '{"name":"web"}',
      )}`,
    );
    expect(
      screen.getByText('Change web').closest('a')?.getAttribute('href'),
    ).toBe(
      `/create/templates/default/edge-update?formData=${encodeURIComponent(
        '{"name":"web"}',
      )}`,
    );
  });

  it("manages a node group's reporter: tokens, a new one shown once, revoking, the manifests", async () => {
    const issueReporterToken = jest.fn(api.issueReporterToken);
    const revokeReporterToken = jest.fn(api.revokeReporterToken);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            edgeGitopsApiRef,
            { ...api, issueReporterToken, revokeReporterToken },
          ],
        ]}
      >
        <NodeGroupReporter nodeGroup="sz-01" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('5b1e0c2a')).toBeInTheDocument();
    expect(screen.getByText('user:default/guest')).toBeInTheDocument();
    // Code snippets are highlighted word by word: their text is read as a whole.
    expect(document.body.textContent).toContain('kind: Namespace');
    expect(document.body.textContent).not.toContain('egr_shown-once-secret');

    fireEvent.click(screen.getByText('Issue token'));
    expect(
      await screen.findByText(/Copy the token now: it is shown this once/),
    ).toBeInTheDocument();
    expect(issueReporterToken).toHaveBeenCalledWith('sz-01');
    expect(document.body.textContent).toContain(
      'create secret generic edge-gitops-reporter-token --from-literal=token=egr_shown-once-secret',
    );

    fireEvent.click(screen.getByText('Revoke'));
    await waitFor(() =>
      expect(revokeReporterToken).toHaveBeenCalledWith(
        'sz-01',
        '5b1e0c2a-0d0f-4a8e-9f8b-1c2d3e4f5a6b',
      ),
    );
  });

  it('summarises the roll-up on the card', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
        <EntityProvider entity={webApplication}>
          <ApplicationPlacementsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/1 of 2 node groups current/),
    ).toBeInTheDocument();
  });
  it('lists applications with their roll-up from the clusters', async () => {
    const catalogApi = {
      getEntities: async () => ({
        items: [
          webApplication,
          {
            ...webApplication,
            metadata: {
              name: 'idle',
              annotations: { 'edge-gitops.io/application': 'idle' },
            },
          },
        ],
      }),
    };
    const listApplications = jest.fn(api.listApplications);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [edgeGitopsApiRef, { ...api, listApplications }],
          [catalogApiRef, catalogApi],
        ]}
      >
        <ApplicationsPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText('1 of 2 node groups current'),
    ).toBeInTheDocument();
    expect(screen.getByText('In progress')).toBeInTheDocument();
    expect(
      screen.getByText('not published, not seen in any cluster'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('1 node group')).toHaveLength(2);
    // pi runs in a cluster but has no catalog entity (published from the command line).
    expect(screen.getByText('pi')).toBeInTheDocument();
    expect(screen.getByText(/not in the catalog/)).toBeInTheDocument();
    // Register offers the Component to add to a catalog file.
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(
      await screen.findByText('Register pi in the catalog'),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain(
      'edge-gitops.io/application: pi',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    // Refresh asks again without a page reload, keeping the rows meanwhile.
    expect(listApplications).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTitle('Refresh'));
    await waitFor(() => expect(listApplications).toHaveBeenCalledTimes(2));
    expect(screen.getByText('1 of 2 node groups current')).toBeInTheDocument();
    // Fuzzy search: "ie" finds idle (i…e in order), not web.
    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'ie' },
    });
    await waitFor(() =>
      expect(
        screen.queryByText('not published, not seen in any cluster'),
      ).toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(screen.queryByText('1 of 2 node groups current')).toBeNull(),
    );
  });

  it('refreshes the status without reloading the page', async () => {
    let calls = 0;
    const changing: EdgeGitopsApi = {
      ...api,
      getApplicationStatus: async () => {
        calls++;
        const base = await api.getApplicationStatus('web');
        return calls === 1
          ? base
          : { ...base, summary: '2 of 2 node groups current' };
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[edgeGitopsApiRef, changing]]}>
        <EntityProvider entity={webApplication}>
          <ApplicationPlacementsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Status: 1 of 2 node groups current'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getAllByTitle('Refresh')[0]);
    expect(
      await screen.findByText('Status: 2 of 2 node groups current'),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });
});
