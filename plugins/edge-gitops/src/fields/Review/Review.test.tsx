import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { api } from '../../testing/fixtures';
import { ReviewField } from './ReviewField';
import { validateReview } from './validation';

const formData = {
  name: 'agent',
  description: '',
  services: [
    {
      name: 'agent',
      kind: 'DaemonSet',
      containers: [{ name: 'main', image: 'edge/agent:1.0' }],
    },
  ],
  targets: { selector: { matchLabels: { region: 'east' } } },
  owner: 'group:platform',
};

describe('EdgeReview field', () => {
  it('previews the application the form holds, per node group, and keeps a summary', async () => {
    const previewApplication = jest.fn(api.previewApplication);
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[edgeGitopsApiRef, { ...api, previewApplication }]]}
      >
        <ReviewField
          {...({
            onChange,
            formContext: { formData },
            rawErrors: [],
            schema: { title: 'Review' },
            idSchema: { $id: 'root_review' },
            uiSchema: {},
          } as any)}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText('sh-01, sh-02')).toBeInTheDocument();
    // The form's parts, assembled as the template's publish step assembles them.
    expect(previewApplication).toHaveBeenCalledWith({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'agent', description: '' },
      spec: {
        targets: formData.targets,
        services: formData.services,
      },
    });
    expect(
      screen.getByText(
        /2 node groups change; gz-01 already holds exactly this/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Reviewers will see 1 warning'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/privileged: the container has full access/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('adds agent (1 added, 1 changed)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/\+ {2}- apps\/agent/, { normalizer: s => s }),
    ).toBeInTheDocument();
    // A new file shows whole (highlighted YAML); its Change tab shows the added lines.
    expect(screen.getByText('DaemonSet')).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole('tab', { name: 'Change' })[0]);
    expect(await screen.findByText(/\+kind: DaemonSet/)).toBeInTheDocument();
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        application: 'agent',
        changedNodeGroups: 2,
        warnings: 1,
      }),
    );
  });

  it('holds the step while the dry run refuses the application, with its messages', async () => {
    const refusing = {
      ...api,
      previewApplication: async () => ({
        application: 'agent',
        valid: false,
        errors: [
          {
            severity: 'error' as const,
            path: 'spec.services[0].containers[0].image',
            message: 'an image is required',
          },
        ],
        warnings: [],
        changes: [],
        unchanged: [],
      }),
    };
    const errors: string[] = [];
    await validateReview(
      undefined,
      { addError: m => errors.push(m) },
      {
        apiHolder: TestApiRegistry.from([edgeGitopsApiRef, refusing]),
        formData,
      },
    );
    expect(errors).toEqual([
      'spec.services[0].containers[0].image: an image is required',
    ]);
    const fine: string[] = [];
    await validateReview(
      undefined,
      { addError: m => fine.push(m) },
      { apiHolder: TestApiRegistry.from([edgeGitopsApiRef, api]), formData },
    );
    expect(fine).toEqual([]);
  });
});
