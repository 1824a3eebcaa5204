import { Box, Button, IconButton, TextField } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

/** Rows of key = value, for label selectors and node selectors. */
export const KeyValueRows = (props: {
  label: string;
  rows: { key: string; value: string }[];
  onChange(rows: { key: string; value: string }[]): void;
  keyPlaceholder: string;
  valuePlaceholder: string;
  disabled?: boolean;
}) => {
  const { label, rows, onChange, disabled } = props;
  const id = (i: number, part: string) =>
    `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}-${part}`;
  const set = (i: number, part: 'key' | 'value', text: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [part]: text } : r)));
  return (
    <Box>
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            id={id(i, 'key')}
            label={`${label}: key`}
            placeholder={props.keyPlaceholder}
            value={row.key}
            disabled={disabled}
            margin="dense"
            onChange={e => set(i, 'key', e.target.value)}
            inputProps={{ spellCheck: false }}
          />
          <span>=</span>
          <TextField
            id={id(i, 'value')}
            label={`${label}: value`}
            placeholder={props.valuePlaceholder}
            value={row.value}
            disabled={disabled}
            margin="dense"
            onChange={e => set(i, 'value', e.target.value)}
            inputProps={{ spellCheck: false }}
          />
          <IconButton
            aria-label={`Remove ${row.key || 'this row'}`}
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
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add {label.toLowerCase()}
      </Button>
    </Box>
  );
};
