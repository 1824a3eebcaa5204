import { joinPath, Problems } from './problems';

/**
 * The largest Kubernetes int32: integer fields and intOrString numbers stay within it.
 *
 * @public
 */
export const INT32_MAX = 2_147_483_647;

/**
 * A small schema language: it checks structure (types, unknown fields, enums, bounds) with
 * messages that name the field, and exports the same definitions as JSON Schema for forms.
 *
 * @public
 */
export type Schema =
  | {
      type: 'string';
      enum?: readonly string[];
      pattern?: RegExp;
      patternHint?: string;
      maxLength?: number;
      description?: string;
    }
  | {
      type: 'integer';
      minimum?: number;
      maximum?: number;
      description?: string;
    }
  | { type: 'boolean'; description?: string }
  | { type: 'intOrString'; description?: string }
  | { type: 'quantity'; description?: string }
  | {
      type: 'array';
      items: Schema;
      minItems?: number;
      maxItems?: number;
      description?: string;
    }
  | {
      type: 'object';
      properties: Record<string, Schema>;
      required?: readonly string[];
      description?: string;
    }
  | { type: 'map'; values: Schema; description?: string }
  /** Any JSON object: handed to Kubernetes as it is (affinity, YAML-mode manifests). */
  | { type: 'free'; description?: string };

const MAX_STRING = 64 * 1024;
const MAX_ITEMS = 1000;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const describe = (v: unknown) => {
  const s = JSON.stringify(v);
  return s && s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/** @public */
export function checkSchema(
  value: unknown,
  schema: Schema,
  path: string,
  problems: Problems,
): void {
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') {
        problems.error(path, `must be a string, got ${typeName(value)}`);
        return;
      }
      if (value.length > (schema.maxLength ?? MAX_STRING)) {
        problems.error(
          path,
          `must be at most ${schema.maxLength ?? MAX_STRING} characters, got ${
            value.length
          }`,
        );
      } else if (schema.enum && !schema.enum.includes(value)) {
        problems.error(
          path,
          `must be one of ${schema.enum.join(', ')}; got ${describe(value)}`,
        );
      } else if (schema.pattern && !schema.pattern.test(value)) {
        problems.error(
          path,
          `${describe(value)} ${
            schema.patternHint ?? `must match ${schema.pattern}`
          }`,
        );
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problems.error(
          path,
          `must be a whole number, got ${typeName(value)} ${describe(value)}`,
        );
        return;
      }
      if (schema.minimum !== undefined && value < schema.minimum) {
        problems.error(path, `must be ${schema.minimum} or more, got ${value}`);
      } else if (schema.maximum !== undefined && value > schema.maximum) {
        problems.error(path, `must be ${schema.maximum} or less, got ${value}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        problems.error(
          path,
          `must be true or false, got ${typeName(value)} ${describe(value)}`,
        );
      return;
    case 'intOrString':
      if (
        !(
          typeof value === 'string' ||
          (typeof value === 'number' && Number.isInteger(value))
        )
      ) {
        problems.error(
          path,
          `must be a whole number or a string, got ${typeName(value)}`,
        );
      } else if (typeof value === 'number' && Math.abs(value) > INT32_MAX) {
        problems.error(path, `must be ${INT32_MAX} or less, got ${value}`);
      }
      return;
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') {
        problems.error(
          path,
          `must be a quantity such as 500m, 1.5 or 256Mi, got ${typeName(
            value,
          )}`,
        );
      }
      return; // the format is checked by the quantity rule, which also compares requests and limits
    case 'array': {
      if (!Array.isArray(value)) {
        problems.error(path, `must be a list, got ${typeName(value)}`);
        return;
      }
      const max = schema.maxItems ?? MAX_ITEMS;
      if (value.length > max) {
        problems.error(
          path,
          `must have at most ${max} entries, got ${value.length}`,
        );
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        problems.error(
          path,
          `must have at least ${schema.minItems} ${
            schema.minItems === 1 ? 'entry' : 'entries'
          }`,
        );
      }
      value.forEach((item, i) =>
        checkSchema(item, schema.items, joinPath(path, i), problems),
      );
      return;
    }
    case 'map':
      if (!isPlainObject(value)) {
        problems.error(
          path,
          `must be a map of names to values, got ${typeName(value)}`,
        );
        return;
      }
      if (Object.keys(value).length > MAX_ITEMS) {
        problems.error(path, `must have at most ${MAX_ITEMS} entries`);
        return;
      }
      for (const [k, v] of Object.entries(value))
        checkSchema(v, schema.values, joinPath(path, k), problems);
      return;
    case 'free':
      if (!isPlainObject(value))
        problems.error(path, `must be an object, got ${typeName(value)}`);
      return;
    default:
      checkObject(value, schema, path, problems);
  }
}

function checkObject(
  value: unknown,
  schema: Extract<Schema, { type: 'object' }>,
  path: string,
  problems: Problems,
): void {
  if (!isPlainObject(value)) {
    problems.error(path, `must be an object, got ${typeName(value)}`);
    return;
  }
  for (const key of schema.required ?? []) {
    if (value[key] === undefined || value[key] === null)
      problems.error(joinPath(path, key), 'is required');
  }
  for (const [key, v] of Object.entries(value)) {
    const child = schema.properties[key];
    if (!child) {
      const known = Object.keys(schema.properties);
      const hint = suggest(key, known);
      problems.error(
        joinPath(path, key),
        `is not a known field${
          hint ? `; did you mean ${hint}?` : ''
        } (known: ${known.join(', ')})`,
      );
      continue;
    }
    if (v === undefined || v === null) continue;
    checkSchema(v, child, joinPath(path, key), problems);
  }
}

/** @public */
export function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The closest known name, for typos such as "replica" or "imagePullpolicy". */
function suggest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find(k => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * The same definitions as JSON Schema (draft 2020-12), for template forms and editors.
 *
 * @public
 */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const d = schema.description ? { description: schema.description } : {};
  switch (schema.type) {
    case 'string':
      return {
        type: 'string',
        ...d,
        ...(schema.enum ? { enum: [...schema.enum] } : {}),
        ...(schema.pattern ? { pattern: schema.pattern.source } : {}),
        ...(schema.maxLength ? { maxLength: schema.maxLength } : {}),
      };
    case 'integer':
      return {
        type: 'integer',
        ...d,
        ...(schema.minimum !== undefined ? { minimum: schema.minimum } : {}),
        ...(schema.maximum !== undefined ? { maximum: schema.maximum } : {}),
      };
    case 'boolean':
      return { type: 'boolean', ...d };
    case 'intOrString':
      return {
        oneOf: [
          { type: 'integer', minimum: -INT32_MAX - 1, maximum: INT32_MAX },
          { type: 'string' },
        ],
        ...d,
      };
    case 'quantity':
      return { oneOf: [{ type: 'number' }, { type: 'string' }], ...d };
    case 'array':
      return {
        type: 'array',
        ...d,
        items: toJsonSchema(schema.items),
        ...(schema.minItems !== undefined ? { minItems: schema.minItems } : {}),
      };
    case 'map':
      return {
        type: 'object',
        ...d,
        additionalProperties: toJsonSchema(schema.values),
      };
    case 'free':
      return { type: 'object', ...d };
    default:
      return {
        type: 'object',
        ...d,
        properties: Object.fromEntries(
          Object.entries(schema.properties).map(([k, v]) => [
            k,
            toJsonSchema(v),
          ]),
        ),
        ...(schema.required?.length ? { required: [...schema.required] } : {}),
        additionalProperties: false,
      };
  }
}
