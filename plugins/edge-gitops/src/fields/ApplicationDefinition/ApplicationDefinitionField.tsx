import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, WarningPanel } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FormControl, TextField, Typography } from '@material-ui/core';
import { parseYamlDocuments } from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import type { EdgeApplicationDefinitionUiOptions } from './schema';
import { nameFieldOf } from './validation';

/** The name an application YAML text declares, if it parses. */
function declaredName(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const [doc] = parseYamlDocuments(text);
  return (doc?.value as any)?.metadata?.name;
}

/**
 * The application as git holds it, loaded into an editor for the application named by the
 * form's name field: every field of the EdgeApplication can be changed. Loads again when
 * the name changes; text already edited for the same application is kept (going back and
 * forth between steps loses nothing).
 */
export const ApplicationDefinitionField = (
  props: FieldExtensionComponentProps<
    string,
    EdgeApplicationDefinitionUiOptions
  >,
) => {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema: { title = 'Application', description },
    uiSchema,
    idSchema,
    disabled,
    formContext,
  } = props;
  const api = useApi(edgeGitopsApiRef);
  const name = formContext?.formData?.[nameFieldOf(uiSchema)] as
    | string
    | undefined;
  const [source, setSource] = useState<{ nodeGroup: string; commit: string }>();
  const [error, setError] = useState<Error>();
  const loaded = Boolean(name) && declaredName(formData) === name;
  useEffect(() => {
    if (!name || loaded) return undefined;
    let cancelled = false;
    setError(undefined);
    api.getApplicationDefinition(name).then(
      d => {
        if (cancelled) return;
        setSource({ nodeGroup: d.nodeGroup, commit: d.commit ?? '' });
        onChange(d.yaml);
      },
      e => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
    // onChange changes identity on every render; the name is what asks for a load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, name, loaded]);

  if (!name)
    return (
      <Typography color="textSecondary">Pick the application first.</Typography>
    );
  if (error)
    return (
      <WarningPanel
        severity="error"
        title={`Could not load ${name} from git`}
        message={error.message}
      />
    );
  if (!loaded) return <Progress />;
  return (
    <FormControl margin="normal" required={required} fullWidth>
      <TextField
        id={idSchema?.$id}
        label={title}
        required={required}
        disabled={disabled}
        multiline
        minRows={18}
        variant="outlined"
        value={formData ?? ''}
        onChange={e => onChange(e.target.value || undefined)}
        helperText={
          source
            ? `${description ?? ''} Loaded from node group ${
                source.nodeGroup
              } at ${source.commit.slice(0, 8)}.`.trim()
            : description
        }
        error={Boolean(rawErrors?.length)}
        inputProps={{
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: 13 },
        }}
      />
    </FormControl>
  );
};
