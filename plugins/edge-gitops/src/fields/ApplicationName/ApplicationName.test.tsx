import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp, TestApiRegistry } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { api, webApplication } from '../../testing/fixtures';
import { ApplicationNameField } from './ApplicationNameField';
import { validateApplicationName } from './validation';

/** The errors validation adds, as the form would show them. */
async function errorsFor(name: string, uiOptions?: { create?: boolean }) {
  const errors: string[] = [];
  const field = { addError: (m: string) => errors.push(m) };
  const catalogApi = {
    // The catalog describes "web"; the filter is what the field asks for.
    getEntities: async ({ filter }: any) => ({
      items: filter.some(
        (f: any) =>
          f['metadata.name'] === 'web' ||
          f['metadata.annotations.edge-gitops.io/application'] === 'web',
      )
        ? [webApplication]
        : [],
    }),
  };
  const edgeGitopsApi = {
    ...api,
    // "pi" is published to sh-01 only (from a pipeline: not in the catalog).
    getPlacements: async (application: string) => ({
      items: [
        {
          nodeGroup: 'sh-01',
          published: application === 'pi',
          head: null,
          files: [],
          workloads: [],
          images: [],
          hostPorts: [],
          indexedAt: null,
        },
      ],
    }),
  };
  await validateApplicationName(name, field, {
    apiHolder: TestApiRegistry.from(
      [catalogApiRef, catalogApi],
      [edgeGitopsApiRef, edgeGitopsApi],
    ),
    uiSchema: uiOptions ? { 'ui:options': uiOptions } : undefined,
  });
  return errors;
}

describe('EdgeApplicationName field', () => {
  it('accepts a new DNS-1123 name', async () => {
    expect(await errorsFor('kiosk')).toEqual([]);
  });

  it('refuses a name that is not a DNS-1123 label, with the model message', async () => {
    expect(await errorsFor('Kiosk_1')).toEqual([
      expect.stringMatching(/^"Kiosk_1" must be a DNS-1123 label/),
    ]);
  });

  it('refuses a name git or the catalog already holds, saying where', async () => {
    expect(await errorsFor('pi')).toEqual([
      'an application named "pi" already exists (in git: sh-01); creating never replaces one: choose another name, or change the existing application',
    ]);
    expect(await errorsFor('web')).toEqual([
      expect.stringContaining('in the catalog: component:default/web'),
    ]);
  });

  it('lets a template that changes an application pick an existing name', async () => {
    expect(await errorsFor('web', { create: false })).toEqual([]);
  });

  it('renders a text input that reports what is typed', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <ApplicationNameField
        {...({
          formData: '',
          onChange,
          required: true,
          rawErrors: [],
          schema: { title: 'Name', description: 'Unique, lowercase' },
          idSchema: { $id: 'root_name' },
          uiSchema: {},
        } as any)}
      />,
    );
    expect(screen.getByText('Unique, lowercase')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox'), {
      target: { value: 'kiosk ' },
    });
    expect(onChange).toHaveBeenCalledWith('kiosk');
    expect(screen.getByRole('textbox')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });

  it('marks the input when validation found a problem', async () => {
    await renderInTestApp(
      <ApplicationNameField
        {...({
          formData: 'web',
          onChange: jest.fn(),
          required: true,
          rawErrors: ['an application named "web" already exists'],
          schema: { title: 'Name' },
          idSchema: { $id: 'root_name' },
          uiSchema: {},
        } as any)}
      />,
    );
    expect(screen.getByRole('textbox')).toHaveAttribute('aria-invalid', 'true');
  });
});
