import { MenuItem, TextField } from '@material-ui/core';
import { EditableRows } from '../rows/EditableRows';

/** One label expression as typed: values comma-separated. */
export interface ExpressionRow {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string;
}

const OPERATORS: ExpressionRow['operator'][] = [
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
];

/** Rows of matchExpressions: key, operator and (for In / NotIn) values. */
export const ExpressionRows = (props: {
  rows: ExpressionRow[];
  onChange(rows: ExpressionRow[]): void;
  disabled?: boolean;
}) => {
  const { disabled } = props;
  return (
    <EditableRows
      rows={props.rows}
      onChange={props.onChange}
      disabled={disabled}
      addLabel="Add expression"
      newRow={() => ({ key: '', operator: 'In', values: '' })}
      removeLabel={(row, i) => `Remove expression ${row.key || i + 1}`}
      renderRow={(row, i, set) => (
        <>
          <TextField
            id={`expression-${i}-key`}
            label="Expression: key"
            placeholder="arch"
            value={row.key}
            disabled={disabled}
            margin="dense"
            onChange={e => set({ key: e.target.value })}
            inputProps={{ spellCheck: false }}
          />
          <TextField
            id={`expression-${i}-operator`}
            select
            label="Operator"
            value={row.operator}
            disabled={disabled}
            margin="dense"
            onChange={e =>
              set({ operator: e.target.value as ExpressionRow['operator'] })
            }
          >
            {OPERATORS.map(o => (
              <MenuItem key={o} value={o}>
                {o}
              </MenuItem>
            ))}
          </TextField>
          {(row.operator === 'In' || row.operator === 'NotIn') && (
            <TextField
              id={`expression-${i}-values`}
              label="Expression: values"
              placeholder="arm64, amd64"
              value={row.values}
              disabled={disabled}
              margin="dense"
              onChange={e => set({ values: e.target.value })}
              inputProps={{ spellCheck: false }}
            />
          )}
        </>
      )}
    />
  );
};
