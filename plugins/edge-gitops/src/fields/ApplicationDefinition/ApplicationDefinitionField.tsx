import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, WarningPanel } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  FormControl,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@material-ui/core';
import { parseYamlDocuments } from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { DefinitionForm } from './DefinitionForm';
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
 * form's name field: every field of the EdgeApplication can be changed, as YAML or in the
 * create templates' fields (the Form tab). Loads again when
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
  const [view, setView] = useState<'yaml' | 'form'>('yaml');
  // Which application the text is for: set when git's text is loaded, or (coming back to
  // this step) read from the text. Text that does not parse while it is typed stays the
  // person's: only a new name loads again.
  const [loadedFor, setLoadedFor] = useState<string | undefined>(() =>
    formData ? declaredName(formData) ?? name : undefined,
  );
  const loaded = Boolean(name) && loadedFor === name;
  useEffect(() => {
    if (!name || loaded) return undefined;
    let cancelled = false;
    setError(undefined);
    api.getApplicationDefinition(name).then(
      d => {
        if (cancelled) return;
        setSource({ nodeGroup: d.nodeGroup, commit: d.commit ?? '' });
        setLoadedFor(name);
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
      <Tabs
        value={view}
        onChange={(_e, v) => setView(v)}
        indicatorColor="primary"
        aria-label="Edit the application as"
      >
        <Tab value="yaml" label="YAML" />
        <Tab value="form" label="Form" />
      </Tabs>
      {view === 'form' ? (
        <DefinitionForm
          yaml={formData ?? ''}
          onChange={onChange}
          idPrefix={idSchema?.$id ?? 'application'}
        />
      ) : (
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
      )}
    </FormControl>
  );
};
