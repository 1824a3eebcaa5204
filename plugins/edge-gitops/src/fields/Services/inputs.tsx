import { useId, useState } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import type { Problem } from '@edge-gitops/plugin-edge-gitops-common';

/** The model's message for a field path inside the service, if it has one. */
export type ErrorAt = (path: string) => string | undefined;

export const errorLookup =
  (problems: readonly Problem[]): ErrorAt =>
  path =>
    problems.find(p => p.path === path || p.path.startsWith(`${path}.`))
      ?.message;

/** A text input whose empty value is `undefined` (so it leaves no '' in the document). */
export const TextInput = (props: {
  label: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  error?: string;
  helperText?: string;
  placeholder?: string;
  required?: boolean;
  fullWidth?: boolean;
}) => (
  <TextField
    id={useId()}
    label={props.label}
    value={props.value ?? ''}
    required={props.required}
    placeholder={props.placeholder}
    fullWidth={props.fullWidth}
    margin="dense"
    error={Boolean(props.error)}
    helperText={props.error ?? props.helperText}
    onChange={e => props.onChange(e.target.value || undefined)}
    inputProps={{ spellCheck: false }}
  />
);

/** A whole-number input; what cannot be a number is left out rather than sent as text. */
export const NumberInput = (props: {
  label: string;
  value: number | undefined;
  onChange(value: number | undefined): void;
  error?: string;
  helperText?: string;
  min?: number;
}) => (
  <TextField
    id={useId()}
    label={props.label}
    type="number"
    value={props.value ?? ''}
    margin="dense"
    error={Boolean(props.error)}
    helperText={props.error ?? props.helperText}
    inputProps={{ min: props.min }}
    onChange={e => {
      const n = Number.parseInt(e.target.value, 10);
      props.onChange(Number.isNaN(n) ? undefined : n);
    }}
  />
);

export const SelectInput = <T extends string>(props: {
  label: string;
  value: T | undefined;
  options: readonly { value: T; label: string }[];
  onChange(value: T | undefined): void;
  /** Offer "not set" (the Kubernetes default) first. */
  unset?: string;
  error?: string;
  minWidth?: number;
}) => (
  <TextField
    id={useId()}
    select
    label={props.label}
    value={props.value ?? ''}
    margin="dense"
    error={Boolean(props.error)}
    helperText={props.error}
    style={{ minWidth: props.minWidth ?? 160 }}
    onChange={e => props.onChange((e.target.value as T) || undefined)}
  >
    {props.unset !== undefined && <MenuItem value="">{props.unset}</MenuItem>}
    {props.options.map(o => (
      <MenuItem key={o.value} value={o.value}>
        {o.label}
      </MenuItem>
    ))}
  </TextField>
);

/**
 * A list of strings: one per line (command, args), or comma-separated on one line
 * (architectures). The text is kept as typed, so a new line or a comma can be started; the
 * value holds the non-empty items.
 */
export const ListInput = (props: {
  label: string;
  value: string[] | undefined;
  onChange(value: string[] | undefined): void;
  helperText: string;
  error?: string;
  separator?: 'line' | 'comma';
  placeholder?: string;
}) => {
  const comma = props.separator === 'comma';
  const [text, setText] = useState(
    (props.value ?? []).join(comma ? ', ' : '\n'),
  );
  return (
    <TextField
      id={useId()}
      label={props.label}
      multiline={!comma}
      minRows={comma ? undefined : 2}
      fullWidth={!comma}
      margin="dense"
      value={text}
      placeholder={props.placeholder}
      error={Boolean(props.error)}
      helperText={props.error ?? props.helperText}
      inputProps={{ spellCheck: false }}
      onChange={e => {
        setText(e.target.value);
        const items = e.target.value
          .split(comma ? ',' : '\n')
          .map(item => (comma ? item.trim() : item))
          .filter(item => item.trim() !== '');
        props.onChange(items.length ? items : undefined);
      }}
    />
  );
};
