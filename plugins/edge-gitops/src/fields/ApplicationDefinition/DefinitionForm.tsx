import { Box, FormHelperText, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  parseApplicationYaml,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import { ServicesField } from '../Services/ServicesField';
import { TargetsField } from '../Targets/TargetsField';

/** The props a field component gets from the form, for a field drawn inside this one. */
const nested = (id: string, title: string, formData: unknown, rest: object) =>
  ({
    formData,
    rawErrors: [],
    schema: { title },
    idSchema: { $id: id },
    uiSchema: {},
    required: false,
    disabled: false,
    ...rest,
  } as any);

/**
 * The application held as YAML, shown in the same fields the create templates use: the
 * services editor, the targets and the description. Each change is written back to the
 * YAML, so the two tabs always show one document.
 */
export const DefinitionForm = (props: {
  yaml: string;
  onChange(yaml: string): void;
  idPrefix: string;
}) => {
  const { value, problems } = parseApplicationYaml(props.yaml);
  if (problems.length || !value)
    return (
      <Alert severity="info">
        Fix the YAML first: the form shows a valid document only (
        {problems
          .map(p => `${p.path ? `${p.path}: ` : ''}${p.message}`)
          .join('; ')}
        ).
      </Alert>
    );
  const doc = value as any;
  const change = (apply: (next: any) => void) => {
    const next = JSON.parse(JSON.stringify(doc));
    next.metadata ??= {};
    next.spec ??= {};
    apply(next);
    props.onChange(toYaml(next));
  };
  return (
    <Box>
      <FormHelperText>
        Changes here rewrite the YAML (comments in it are not kept).
      </FormHelperText>
      <TextField
        id={`${props.idPrefix}-description`}
        label="Description"
        fullWidth
        margin="normal"
        value={doc.metadata?.description ?? ''}
        onChange={e =>
          change(next => {
            if (e.target.value) next.metadata.description = e.target.value;
            else delete next.metadata.description;
          })
        }
      />
      <ServicesField
        {...nested(
          `${props.idPrefix}-services`,
          'Services',
          doc.spec?.services ?? [],
          {
            onChange: (services: unknown[]) =>
              change(next => {
                next.spec.services = services;
              }),
            formContext: { formData: {} },
          },
        )}
      />
      <TargetsField
        {...nested(
          `${props.idPrefix}-targets`,
          'Where it runs',
          doc.spec?.targets,
          {
            onChange: (targets: unknown) =>
              change(next => {
                next.spec.targets = targets ?? {};
              }),
            formContext: { formData: { services: doc.spec?.services } },
          },
        )}
      />
    </Box>
  );
};
