import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FormControl, TextField } from '@material-ui/core';
import type { EdgeApplicationNameUiOptions } from './schema';

/**
 * The application's name: a text input whose errors come from validateApplicationName
 * (a DNS-1123 label, and not taken in git or the catalog when the template creates it).
 */
export const ApplicationNameField = (
  props: FieldExtensionComponentProps<string, EdgeApplicationNameUiOptions>,
) => {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema: { title = 'Name', description },
    idSchema,
    disabled,
  } = props;
  return (
    <FormControl margin="normal" required={required} fullWidth>
      <TextField
        id={idSchema?.$id}
        label={title}
        required={required}
        disabled={disabled}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value.trim() || undefined)}
        helperText={description}
        error={Boolean(rawErrors?.length)}
        inputProps={{ autoComplete: 'off', spellCheck: false }}
      />
    </FormControl>
  );
};
