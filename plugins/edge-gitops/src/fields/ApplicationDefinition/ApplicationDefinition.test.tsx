import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { api, webApplicationYaml } from '../../testing/fixtures';
import { ApplicationDefinitionField } from './ApplicationDefinitionField';
import { validateApplicationDefinition } from './validation';

function errorsFor(text: string, name = 'web') {
  const errors: string[] = [];
  validateApplicationDefinition(
    text,
    { addError: m => errors.push(m) },
    { formData: { name } },
  );
  return errors;
}

jest.setTimeout(30_000);

function renderField(props: { formData?: string; onChange: jest.Mock }) {
  return renderInTestApp(
    <TestApiProvider apis={[[edgeGitopsApiRef, api]]}>
      <ApplicationDefinitionField
        {...({
          formData: props.formData,
          onChange: props.onChange,
          required: true,
          rawErrors: [],
          schema: { title: 'Application', description: 'Edit any field.' },
          idSchema: { $id: 'root_application' },
          uiSchema: {},
          formContext: { formData: { name: 'web' } },
        } as any)}
      />
    </TestApiProvider>,
  );
}

describe('EdgeApplicationDefinition field', () => {
  it('accepts the application as git holds it', () => {
    expect(errorsFor(webApplicationYaml)).toEqual([]);
  });

  it('gives the model validation messages, with their paths', () => {
    expect(
      errorsFor(webApplicationYaml.replace('nginx:1.27', 'NGINX ::bad')),
    ).toEqual([
      expect.stringMatching(/^spec\.services\[0\]\.containers\[0\]\.image: /),
    ]);
  });

  it('refuses YAML that does not parse, saying where', () => {
    expect(errorsFor(`${webApplicationYaml}  bad: [\n`)).toEqual([
      expect.stringMatching(/^line \d+, column \d+: YAML does not parse/),
    ]);
  });

  it('keeps the name: a new name is a new application', () => {
    expect(
      errorsFor(
        webApplicationYaml.replace('name: web\nspec', 'name: web2\nspec'),
      ),
    ).toEqual([
      'metadata.name: stays web in an update (a new name is a new application: use a create template)',
    ]);
  });

  it('loads the application from git for the picked name', async () => {
    const onChange = jest.fn();
    await renderField({ onChange });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith(webApplicationYaml),
    );
  });

  it('shows the loaded text, where it came from, and reports edits', async () => {
    const onChange = jest.fn();
    await renderField({ formData: webApplicationYaml, onChange });
    const box = screen.getByRole('textbox');
    expect(box).toHaveValue(webApplicationYaml);
    // Already loaded for this name: nothing is loaded over the person's text.
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(box, {
      target: { value: webApplicationYaml.replace('1.27', '1.28') },
    });
    expect(onChange).toHaveBeenCalledWith(
      webApplicationYaml.replace('1.27', '1.28'),
    );
  });

  it('shows the same document in the form: services, targets and description, written back as YAML', async () => {
    const onChange = jest.fn();
    await renderField({ formData: webApplicationYaml, onChange });
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(await screen.findByText('nginx:1.27')).toBeInTheDocument();
    expect(
      await screen.findByText('1 of 1 node groups match'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Description'), {
      target: { value: 'Store kiosk' },
    });
    const yaml = onChange.mock.calls[0][0] as string;
    expect(yaml).toContain('description: Store kiosk');
    expect(yaml).toContain('image: nginx:1.27');
    expect(yaml).toMatch(/nodeGroups:\n\s+- sh-01/);
  });

  it('keeps text that does not parse while it is typed, and asks for valid YAML before it shows the form', async () => {
    const onChange = jest.fn();
    await renderField({
      formData: `${webApplicationYaml}  bad: [\n`,
      onChange,
    });
    // Not loaded again over the person's half-typed text.
    expect(screen.getByRole('textbox')).toHaveValue(
      `${webApplicationYaml}  bad: [\n`,
    );
    await new Promise(r => setTimeout(r, 50));
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(
      screen.getByText(
        /Fix the YAML first: the form shows a valid document only/,
      ),
    ).toBeInTheDocument();
  });
});
