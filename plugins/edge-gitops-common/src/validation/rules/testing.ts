import { Problems } from '../problems';

/**
 * Runs a rule and answers what it found, one "severity path: message" line each.
 *
 * @public
 */
export function found(rule: (p: Problems) => void): string[] {
  const p = new Problems();
  rule(p);
  return p.list.map(x => `${x.severity} ${x.path}: ${x.message}`);
}
