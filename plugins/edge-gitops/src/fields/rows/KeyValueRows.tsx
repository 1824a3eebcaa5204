import { TextField } from '@material-ui/core';
import { EditableRows } from './EditableRows';

/** A record as rows of key = value, in its order. */
export const rowsOf = (
  record: Record<string, string> | undefined,
): { key: string; value: string }[] =>
  Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));

/** Rows of key = value, for label selectors and node selectors. */
export const KeyValueRows = (props: {
  label: string;
  rows: { key: string; value: string }[];
  onChange(rows: { key: string; value: string }[]): void;
  keyPlaceholder: string;
  valuePlaceholder: string;
  disabled?: boolean;
}) => {
  const { label, disabled } = props;
  const id = (i: number, part: string) =>
    `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}-${part}`;
  return (
    <EditableRows
      rows={props.rows}
      onChange={props.onChange}
      disabled={disabled}
      addLabel={`Add ${label.toLowerCase()}`}
      newRow={() => ({ key: '', value: '' })}
      removeLabel={row => `Remove ${row.key || 'this row'}`}
      renderRow={(row, i, set) => (
        <>
          <TextField
            id={id(i, 'key')}
            label={`${label}: key`}
            placeholder={props.keyPlaceholder}
            value={row.key}
            disabled={disabled}
            margin="dense"
            onChange={e => set({ key: e.target.value })}
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
            onChange={e => set({ value: e.target.value })}
            inputProps={{ spellCheck: false }}
          />
        </>
      )}
    />
  );
};
