import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, WarningPanel } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  Box,
  FormControl,
  FormHelperText,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  applicationOfFormData,
  ApplicationFormData,
} from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { nodeGroupList, PreviewChangeCard } from './PreviewChangeCard';
import type { EdgeReviewValue } from './schema';
import { blockingProblems } from './validation';

/**
 * The review step: the backend's dry run of publishing what the form holds. Per node group
 * the files it would get and the change against what its git location holds now, the
 * warnings a reviewer should see, and what would make publishing fail. Nothing is written.
 */
export const ReviewField = (
  props: FieldExtensionComponentProps<EdgeReviewValue>,
) => {
  const { onChange, formContext, idSchema, rawErrors, schema } = props;
  const api = useApi(edgeGitopsApiRef);
  const application = useMemo(
    () =>
      applicationOfFormData(
        (formContext?.formData ?? {}) as ApplicationFormData,
      ),
    [formContext?.formData],
  );
  // Asked again only when the application changes, not on every render of the form.
  const preview = useAsync(
    () => api.previewApplication(application),
    [api, JSON.stringify(application)],
  );
  const value = preview.value;
  const changed = value?.changes.reduce((n, c) => n + c.nodeGroups.length, 0);
  useEffect(() => {
    // The field holds a summary, so the step's validation (the dry run again) runs on Next.
    if (value)
      onChange({
        application: value.application,
        changedNodeGroups: changed,
        warnings: value.warnings.length,
      });
    // onChange changes identity on every render of the form
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const blocking = value ? blockingProblems(value) : [];
  return (
    <FormControl
      fullWidth
      margin="normal"
      id={idSchema?.$id}
      error={Boolean(rawErrors?.length)}
    >
      <Typography variant="h6">{schema.title ?? 'Review'}</Typography>
      <FormHelperText>
        {schema.description ??
          'What publishing will write to each node group, compared with what its git repository holds now. Nothing is written until you create it.'}
      </FormHelperText>
      {preview.loading && <Progress />}
      {preview.error && (
        <WarningPanel
          title="Could not preview the change"
          message={preview.error.message}
        />
      )}
      {value && (
        <Box mt={2}>
          {blocking.length > 0 && (
            <Alert severity="error">
              <Typography variant="subtitle2">
                Publishing would fail: go back and fix
              </Typography>
              <ul>
                {blocking.map(m => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </Alert>
          )}
          {value.warnings.length > 0 && (
            <Box mt={1}>
              <Alert severity="warning">
                <Typography variant="subtitle2">
                  Reviewers will see {value.warnings.length} warning
                  {value.warnings.length === 1 ? '' : 's'}
                </Typography>
                <ul>
                  {value.warnings.map(w => (
                    <li key={`${w.path}${w.message}`}>
                      {w.path}: {w.message}
                    </li>
                  ))}
                </ul>
              </Alert>
            </Box>
          )}
          {value.valid && (
            <Box mt={2} mb={1}>
              <Typography variant="subtitle1">
                {changed} node group{changed === 1 ? '' : 's'} change
                {value.unchanged.length
                  ? `; ${nodeGroupList(value.unchanged)} already hold${
                      value.unchanged.length === 1 ? 's' : ''
                    } exactly this`
                  : ''}
              </Typography>
            </Box>
          )}
          {value.changes.map((c, i) => (
            <PreviewChangeCard
              key={c.nodeGroups.join(',')}
              change={c}
              defaultExpanded={i === 0}
            />
          ))}
        </Box>
      )}
    </FormControl>
  );
};
