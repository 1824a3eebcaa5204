import { ReactNode } from 'react';
import { Box, Button, IconButton } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';

/**
 * A list of rows a person adds to and removes from; `renderRow` draws a row's inputs and
 * gets `set` to change that row.
 */
export function EditableRows<T>(props: {
  rows: T[];
  onChange(rows: T[]): void;
  renderRow(row: T, i: number, set: (change: Partial<T>) => void): ReactNode;
  /** The accessible name of a row's remove button. */
  removeLabel(row: T, i: number): string;
  addLabel: string;
  newRow(): T;
  disabled?: boolean;
}) {
  const { rows, onChange, disabled } = props;
  return (
    <Box>
      {rows.map((row, i) => (
        <Box key={i} display="flex" alignItems="center" style={{ gap: 8 }}>
          {props.renderRow(row, i, change =>
            onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r))),
          )}
          <IconButton
            aria-label={props.removeLabel(row, i)}
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
        onClick={() => onChange([...rows, props.newRow()])}
      >
        {props.addLabel}
      </Button>
    </Box>
  );
}
