import { DNS1123_LABEL, DNS1123_LABEL_HINT } from '../names';
import { INT32_MAX, type Schema } from './schemaDsl';

/**
 * Short builders for the schemas of the model; `obj` ties an object schema to its model type.
 *
 * @public
 */
export const str = (description?: string): Schema => ({
  type: 'string',
  description,
});
/**
 * Kubernetes' integer fields are int32 (a few int64 ones hold seconds, where int32 is
 * still 68 years): a bigger number, even one JavaScript calls an integer like 1e308, is
 * refused here instead of by the cluster after it was committed.
 *
 * @public
 */
export const int = (minimum?: number, description?: string): Schema => ({
  type: 'integer',
  minimum: minimum ?? -INT32_MAX - 1,
  maximum: INT32_MAX,
  description,
});
/** @public */
export const bool = (description?: string): Schema => ({
  type: 'boolean',
  description,
});
/** @public */
export const list = (items: Schema, minItems?: number): Schema => ({
  type: 'array',
  items,
  minItems,
});
/** The keys of T that are not optional. */
type RequiredKeys<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];

/**
 * An object schema for the model type T, which must be given: every field of T has a
 * schema and no schema names a field T lacks (the compiler checks both), and `required`
 * lists only fields T requires. So the schema and the TypeScript types cannot drift apart.
 *
 * @public
 */
export const obj = <T>(
  properties: { [K in keyof NoInfer<T>]-?: Schema },
  required: readonly RequiredKeys<NoInfer<T>>[] = [],
  description?: string,
): Schema => ({
  type: 'object',
  properties,
  required: required as readonly string[],
  description,
});
/** @public */
export const enumOf = (
  values: readonly string[],
  description?: string,
): Schema => ({
  type: 'string',
  enum: values,
  description,
});
/** @public */
export const stringMap: Schema = {
  type: 'map',
  values: { type: 'string', maxLength: 4096 },
};
/** @public */
export const dnsLabel = (description: string): Schema => ({
  type: 'string',
  pattern: DNS1123_LABEL,
  patternHint: DNS1123_LABEL_HINT,
  maxLength: 63,
  description,
});
/** @public */
export const port = (description?: string): Schema => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  description,
});
/** @public */
export const protocol = enumOf(['TCP', 'UDP', 'SCTP']);
