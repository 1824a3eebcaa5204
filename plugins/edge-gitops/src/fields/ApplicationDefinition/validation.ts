import {
  parseApplicationYaml,
  validateApplication,
} from '@edge-gitops/plugin-edge-gitops-common';

/** The application name the definition belongs to, from the form's other field. */
export function nameFieldOf(
  uiSchema: { 'ui:options'?: { nameField?: string } } | undefined,
) {
  return uiSchema?.['ui:options']?.nameField ?? 'name';
}

/**
 * Checks the edited EdgeApplication at the field, with the model's own messages (the same
 * publishing gives): it parses as one YAML document, validates, and keeps its name (an
 * update changes an application; a new name is a new application, made by a create
 * template).
 */
export function validateApplicationDefinition(
  text: string | undefined,
  field: { addError(message: string): void },
  context: {
    formData?: Record<string, unknown>;
    uiSchema?: { 'ui:options'?: { nameField?: string } };
  },
): void {
  if (!text) return; // "required" is the form's own rule
  const { value, problems } = parseApplicationYaml(text);
  for (const p of problems)
    field.addError(`${p.path ? `${p.path}: ` : ''}${p.message}`);
  if (problems.length) return;
  const result = validateApplication(value);
  for (const e of result.errors) field.addError(`${e.path}: ${e.message}`);
  const name = context.formData?.[nameFieldOf(context.uiSchema)];
  const edited = (value as any)?.metadata?.name;
  if (typeof name === 'string' && edited !== undefined && edited !== name)
    field.addError(
      `metadata.name: stays ${name} in an update (a new name is a new application: use a create template)`,
    );
}
