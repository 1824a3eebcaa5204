import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, Table, WarningPanel } from '@backstage/core-components';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  Box,
  Chip,
  FormControl,
  FormHelperText,
  TextField,
  Typography,
} from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { NodeGroupItem } from '@edge-gitops/plugin-edge-gitops-common';
import { edgeGitopsApiRef } from '../../api/EdgeGitopsApi';
import { ClusterConnectionStatus } from '../../components/ClusterConnectionStatus';
import { ExpressionRow, ExpressionRows } from './ExpressionRows';
import { KeyValueRows, rowsOf } from '../rows/KeyValueRows';
import type { EdgeTargetsValue } from './schema';
import {
  architectureMismatches,
  expressionsOf,
  matchedBy,
  recordOf,
  targetsOf,
} from './targetsValue';

type Rows = { key: string; value: string }[];
/**
 * Where the application runs: node groups by name and by label, the node selector inside
 * each cluster, and, as you type, the node groups that match with their labels, arch and
 * whether a cluster is connected (the model's own matching rule).
 */
export const TargetsField = (
  props: FieldExtensionComponentProps<EdgeTargetsValue>,
) => {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    idSchema,
    disabled,
    formContext,
  } = props;
  // The services of the same form: their images' architectures are checked per node group.
  const services = formContext?.formData?.services;
  const api = useApi(edgeGitopsApiRef);
  const groups = useAsync(() => api.listNodeGroups(), [api]);
  // Rows are kept as typed (a key without its value yet); the value holds the finished ones.
  const [labelRows, setLabelRows] = useState<Rows>(() =>
    rowsOf(formData?.selector?.matchLabels),
  );
  const [expressionRows, setExpressionRows] = useState<ExpressionRow[]>(() =>
    (formData?.selector?.matchExpressions ?? []).map(e => ({
      key: e.key,
      operator: e.operator,
      values: (e.values ?? []).join(', '),
    })),
  );
  const [nodeRows, setNodeRows] = useState<Rows>(() =>
    rowsOf(formData?.nodeSelector),
  );
  const names = formData?.nodeGroups ?? [];
  const update = (
    next: Partial<{
      nodeGroups: string[];
      labels: Rows;
      expressions: ExpressionRow[];
      nodes: Rows;
    }>,
  ) => {
    const labels = next.labels ?? labelRows;
    const expressions = next.expressions ?? expressionRows;
    const nodes = next.nodes ?? nodeRows;
    setLabelRows(labels);
    setExpressionRows(expressions);
    setNodeRows(nodes);
    onChange(
      targetsOf({
        nodeGroups: next.nodeGroups ?? names,
        matchLabels: recordOf(labels),
        matchExpressions: expressionsOf(expressions),
        nodeSelector: recordOf(nodes),
      }),
    );
  };
  const items: NodeGroupItem[] = groups.value?.items ?? [];
  const matched = matchedBy(formData, items).nodeGroups.map(
    g => items.find(i => i.name === g.name)!,
  );
  const misfits = matched
    .map(g => ({
      name: g.name,
      arch: g.labels.arch,
      images: architectureMismatches(services, g.labels.arch),
    }))
    .filter(m => m.images.length > 0);

  return (
    <FormControl
      margin="normal"
      fullWidth
      error={Boolean(rawErrors?.length)}
      id={idSchema?.$id}
    >
      <Typography variant="h6">{schema.title ?? 'Where it runs'}</Typography>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <Autocomplete
        multiple
        options={items.map(i => i.name)}
        value={names}
        disabled={disabled}
        loading={groups.loading}
        onChange={(_e, value) => update({ nodeGroups: value as string[] })}
        renderInput={params => (
          <TextField
            {...params}
            label="Node groups by name"
            margin="normal"
            helperText="Each one named here gets the application"
          />
        )}
      />
      <Box mt={2}>
        <Typography variant="subtitle2">Node groups by label</Typography>
        <FormHelperText>
          And every node group whose catalog labels match all of these (e.g.
          region = east)
        </FormHelperText>
        <KeyValueRows
          label="Label"
          rows={labelRows}
          keyPlaceholder="region"
          valuePlaceholder="east"
          disabled={disabled}
          onChange={labels => update({ labels })}
        />
        <FormHelperText>
          And label expressions (e.g. arch In arm64, amd64; gpu Exists)
        </FormHelperText>
        <ExpressionRows
          rows={expressionRows}
          disabled={disabled}
          onChange={expressions => update({ expressions })}
        />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2">Nodes inside each cluster</Typography>
        <FormHelperText>
          The node selector: only nodes with these labels run it (e.g. demo =
          02)
        </FormHelperText>
        <KeyValueRows
          label="Node label"
          rows={nodeRows}
          keyPlaceholder="demo"
          valuePlaceholder="02"
          disabled={disabled}
          onChange={nodes => update({ nodes })}
        />
      </Box>
      <Box mt={2}>
        {groups.loading && <Progress />}
        {groups.error && (
          <WarningPanel
            title="Could not list the node groups"
            message={groups.error.message}
          />
        )}
        {misfits.length > 0 && (
          <Box mb={2}>
            <WarningPanel
              severity="warning"
              title={`${misfits.length} matched node group${
                misfits.length === 1 ? ' runs' : 's run'
              } an arch the images are not built for`}
              message={misfits
                .map(m => `${m.name} is ${m.arch}: ${m.images.join('; ')}`)
                .join('. ')}
            />
          </Box>
        )}
        {groups.value && (
          <Table<NodeGroupItem>
            title={`${matched.length} of ${items.length} node groups match`}
            options={{ search: false, paging: false, padding: 'dense' }}
            data={matched}
            columns={[
              { title: 'Node group', field: 'name' },
              {
                title: 'Labels',
                render: g => (
                  <>
                    {Object.entries(g.labels).map(([k, v]) => (
                      <Chip key={k} size="small" label={`${k}=${v}`} />
                    ))}
                  </>
                ),
              },
              {
                title: 'Arch',
                render: g =>
                  misfits.some(m => m.name === g.name) ? (
                    <Chip
                      size="small"
                      color="secondary"
                      label={`${g.labels.arch}: no image`}
                    />
                  ) : (
                    g.labels.arch ?? '—'
                  ),
              },
              {
                title: 'Cluster',
                render: g => <ClusterConnectionStatus cluster={g.connection} />,
              },
            ]}
            emptyContent={
              <Box p={2}>
                <Typography color="textSecondary">
                  No node group matches yet: pick some by name or by label.
                </Typography>
              </Box>
            }
          />
        )}
      </Box>
    </FormControl>
  );
};
