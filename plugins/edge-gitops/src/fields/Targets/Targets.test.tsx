import { fireEvent, screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { api } from '../../testing/fixtures';
import { TargetsField } from './TargetsField';
import { validateTargets } from './validation';

/** Three node groups: two in the east (arm64 and amd64), one in the south. */
const fleetApi = {
  ...api,
  listNodeGroups: async () => {
    const [template] = (await api.listNodeGroups()).items;
    const group = (name: string, labels: Record<string, string>) => ({
      ...template,
      name,
      labels,
      connection: { ...template.connection, nodeGroup: name },
    });
    return {
      items: [
        group('gz-01', { region: 'south', arch: 'amd64' }),
        group('sh-01', { region: 'east', arch: 'arm64' }),
        group('sh-02', { region: 'east', arch: 'amd64' }),
      ],
      issues: [],
    };
  },
};

async function errorsFor(targets: any) {
  const errors: string[] = [];
  await validateTargets(
    targets,
    { addError: m => errors.push(m) },
    { apiHolder: TestApiRegistry.from([edgeGitopsApiRef, fleetApi]) },
  );
  return errors;
}

function renderField(formData: any, onChange = jest.fn(), formContext = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[edgeGitopsApiRef, fleetApi]]}>
      <TargetsField
        {...({
          formData,
          onChange,
          rawErrors: [],
          schema: { title: 'Where it runs' },
          idSchema: { $id: 'root_targets' },
          uiSchema: {},
          formContext,
        } as any)}
      />
    </TestApiProvider>,
  );
}

describe('EdgeTargets field', () => {
  it('accepts targets that match node groups, by name or by label', async () => {
    expect(await errorsFor({ nodeGroups: ['gz-01'] })).toEqual([]);
    expect(
      await errorsFor({ selector: { matchLabels: { region: 'east' } } }),
    ).toEqual([]);
  });

  it('refuses unknown names and targets that match nothing, with the model messages', async () => {
    expect(await errorsFor({ nodeGroups: ['nowhere'] })).toEqual([
      'nodeGroups: no node group named nowhere',
    ]);
    expect(
      await errorsFor({ selector: { matchLabels: { region: 'north' } } }),
    ).toEqual(['no node group matches selector region=north']);
    expect(await errorsFor(undefined)).toEqual([
      'no node group matches empty targets',
    ]);
  });

  it('matches by label expressions too', async () => {
    await renderField({
      selector: {
        matchExpressions: [{ key: 'arch', operator: 'In', values: ['amd64'] }],
      },
    });
    expect(
      await screen.findByText('2 of 3 node groups match'),
    ).toBeInTheDocument();
    expect(screen.getByText('gz-01')).toBeInTheDocument();
    expect(screen.getByLabelText('Expression: values')).toHaveValue('amd64');
  });

  it('lists the node groups the selector matches, with their labels, arch and cluster', async () => {
    await renderField({ selector: { matchLabels: { region: 'east' } } });
    expect(
      await screen.findByText('2 of 3 node groups match'),
    ).toBeInTheDocument();
    expect(screen.getByText('sh-01')).toBeInTheDocument();
    expect(screen.getByText('sh-02')).toBeInTheDocument();
    expect(screen.queryByText('gz-01')).not.toBeInTheDocument();
    expect(screen.getByText('arm64')).toBeInTheDocument();
    expect(screen.getAllByText(/v1\.31\.4\+k3s1/)).toHaveLength(2);
  });

  it("warns when a matched node group's arch is not one the images are built for", async () => {
    await renderField(
      { selector: { matchLabels: { region: 'east' } } },
      jest.fn(),
      {
        formData: {
          services: [
            {
              name: 'agent',
              containers: [
                {
                  name: 'main',
                  image: 'edge/agent:1.0',
                  architectures: ['amd64'],
                },
              ],
            },
          ],
        },
      },
    );
    expect(
      await screen.findByText(
        /1 matched node group runs an arch the images are not built for/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('arm64: no image')).toBeInTheDocument();
    // sh-02 is amd64: fine.
    expect(screen.getByText('amd64')).toBeInTheDocument();
  });

  it('turns label rows into the model shape as they are typed', async () => {
    const onChange = jest.fn();
    await renderField(undefined, onChange);
    await screen.findByText('0 of 3 node groups match');
    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    fireEvent.change(screen.getByLabelText('Label: key'), {
      target: { value: 'region' },
    });
    fireEvent.change(screen.getByLabelText('Label: value'), {
      target: { value: 'south' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      selector: { matchLabels: { region: 'south' } },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add node label' }));
    fireEvent.change(screen.getByLabelText('Node label: key'), {
      target: { value: 'demo' },
    });
    fireEvent.change(screen.getByLabelText('Node label: value'), {
      target: { value: '02' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      selector: { matchLabels: { region: 'south' } },
      nodeSelector: { demo: '02' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add expression' }));
    fireEvent.change(screen.getByLabelText('Expression: key'), {
      target: { value: 'arch' },
    });
    fireEvent.change(screen.getByLabelText('Expression: values'), {
      target: { value: 'arm64, amd64' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      selector: {
        matchLabels: { region: 'south' },
        matchExpressions: [
          { key: 'arch', operator: 'In', values: ['arm64', 'amd64'] },
        ],
      },
      nodeSelector: { demo: '02' },
    });
  });
});
