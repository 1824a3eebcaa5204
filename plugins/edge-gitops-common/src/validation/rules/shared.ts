/**
 * What a rule may assume of a value from the YAML parser: nothing.
 *
 * @public
 */
export const asArray = <T>(v: unknown): T[] =>
  Array.isArray(v) ? (v as T[]) : [];
