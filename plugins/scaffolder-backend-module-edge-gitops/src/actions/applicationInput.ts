import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EdgeApplication,
  exceedsDepth,
  validateApplication,
  ValidationOptions,
  ValidationResult,
} from '@edge-gitops/plugin-edge-gitops-common';

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v as object).length === 0);

/**
 * Removes what an unfilled form field leaves behind: undefined, '', [] and {} (bottom-up).
 *
 * @public
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map(pruneEmpty).filter(v => !isEmpty(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = pruneEmpty(v);
      if (!isEmpty(pruned)) out[k] = pruned;
    }
    return out;
  }
  return value;
}

/**
 * Turns what a template passes into an EdgeApplication: empty form fields dropped (an empty
 * selector would otherwise match every node group), entity refs from MultiEntityPicker
 * turned into node group names. Then validated: all problems in one error.
 *
 * @public
 */
export function applicationFromInput(
  input: unknown,
  opts: ValidationOptions = {},
): {
  app: EdgeApplication;
  result: ValidationResult;
} {
  if (exceedsDepth(input))
    throw new InputError('application: nested too deeply');
  const doc = pruneEmpty(input) as any;
  const names = doc?.spec?.targets?.nodeGroups;
  if (Array.isArray(names)) {
    doc.spec.targets.nodeGroups = names.map((n: unknown) =>
      typeof n === 'string' && n.includes(':')
        ? parseEntityRef(n, { defaultKind: 'resource' }).name
        : n,
    );
  }
  const result = validateApplication(doc, opts);
  if (!result.valid) {
    throw new InputError(
      `the application is not valid:\n${result.errors
        .map(e => `  ${e.path}: ${e.message}`)
        .join('\n')}`,
    );
  }
  return { app: doc as EdgeApplication, result };
}
