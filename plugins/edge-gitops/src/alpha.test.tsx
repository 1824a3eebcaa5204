import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  edgeApplicationEntityCard,
  edgeApplicationEntityContent,
  edgeNodeGroupEntityContent,
  edgeApplicationNameFormField,
} from './alpha';
import { edgeGitopsApiRef } from './api/EdgeGitopsApi';
import { api, webApplication } from './testing/fixtures';

const nodeGroup = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'sh-01',
    annotations: { 'edge-gitops.io/repo-url': 'repos/sh-01.git' },
  },
  spec: { type: 'edge-node-group', owner: 'group:platform' },
};

// Rendering the whole extension tree takes seconds on a busy two-core machine: longer than
// jest's 5 s default, which cut the 10 s wait below and failed without a message.
jest.setTimeout(30_000);

describe('new frontend system (/alpha)', () => {
  it('declares the plugin with its pages, entity tabs, card and API', () => {
    expect(plugin.id).toBe('edge-gitops');
    const tab = createExtensionTester(edgeApplicationEntityContent);
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Edge deployment',
    );
    const isApplication = tab.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(isApplication(webApplication)).toBe(true);
    expect(isApplication(nodeGroup)).toBe(false);
    const connect = createExtensionTester(edgeNodeGroupEntityContent);
    expect(
      connect.get(EntityContentBlueprint.dataRefs.filterFunction)!(nodeGroup),
    ).toBe(true);
    const card = createExtensionTester(edgeApplicationEntityCard);
    expect(
      card.get(EntityCardBlueprint.dataRefs.filterFunction)!(webApplication),
    ).toBe(true);
  });

  it('offers the EdgeApplicationName form field to the scaffolder', async () => {
    const field = createExtensionTester(edgeApplicationNameFormField);
    const loader = field.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const loaded: any = await loader();
    expect(loaded).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'EdgeApplicationName',
    });
  });

  it('renders the application tab from its extension with the status per node group', async () => {
    const tester = createExtensionTester(edgeApplicationEntityContent, {
      apis: [[edgeGitopsApiRef, api]],
    });
    renderInTestApp(
      <EntityProvider entity={webApplication}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[edgeGitopsApiRef, api]] },
    );
    expect(
      // The whole extension tree renders first: give a loaded machine time.
      await screen.findByText(
        'Status: 1 of 2 node groups current',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Synced (Flux)')).toBeInTheDocument();
  });
});
