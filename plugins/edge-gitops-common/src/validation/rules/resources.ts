import { parseQuantity } from '../../kube/quantity';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';

/**
 * Limits and requests parse as quantities, are not negative, and no request exceeds its limit.
 *
 * @public
 */
export function checkResources(
  resources: any,
  path: string,
  p: Problems,
): void {
  if (!isPlainObject(resources)) return;
  const parsed: Record<'limits' | 'requests', Record<string, number>> = {
    limits: {},
    requests: {},
  };
  for (const part of ['limits', 'requests'] as const) {
    const map = resources[part];
    if (!isPlainObject(map)) continue;
    for (const [name, raw] of Object.entries(map)) {
      const at = joinPath(joinPath(path, part), name);
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      const value = parseQuantity(raw);
      if (value === undefined)
        p.error(
          at,
          `${JSON.stringify(
            raw,
          )} is not a quantity; write it like 500m, 2, 1.5Gi or 256Mi`,
        );
      else if (value < 0) p.error(at, `must not be negative, got ${raw}`);
      else parsed[part][name] = value;
    }
  }
  for (const [name, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[name];
    if (limit !== undefined && request > limit) {
      p.error(
        joinPath(joinPath(path, 'requests'), name),
        `request ${resources.requests[name]} is above the limit ${resources.limits[name]}`,
      );
    }
  }
}
