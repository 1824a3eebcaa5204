import {
  Box,
  Button,
  IconButton,
  MenuItem,
  TextField,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

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
  const { rows, onChange, disabled } = props;
  const set = (i: number, change: Partial<ExpressionRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <Box>
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            id={`expression-${i}-key`}
            label="Expression: key"
            placeholder="arch"
            value={row.key}
            disabled={disabled}
            margin="dense"
            onChange={e => set(i, { key: e.target.value })}
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
              set(i, { operator: e.target.value as ExpressionRow['operator'] })
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
              onChange={e => set(i, { values: e.target.value })}
              inputProps={{ spellCheck: false }}
            />
          )}
          <IconButton
            aria-label={`Remove expression ${row.key || i + 1}`}
            size="small"
            disabled={disabled}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        disabled={disabled}
        onClick={() =>
          onChange([...rows, { key: '', operator: 'In', values: '' }])
        }
      >
        Add expression
      </Button>
    </Box>
  );
};
