import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EdgeApplication,
  exceedsDepth,
  manifestsFromYamlText,
  parseApplicationYaml,
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

const notValid = (problems: readonly { path: string; message: string }[]) =>
  new InputError(
    `the application is not valid:\n${problems
      .map(e => `  ${e.path}: ${e.message}`)
      .join('\n')}`,
  );

/**
 * Turns what a template passes into an EdgeApplication: empty form fields dropped (an empty
 * selector would otherwise match every node group), entity refs from MultiEntityPicker
 * turned into node group names, `spec.manifests` given as YAML text (a pasted stream) read
 * into objects. Then validated: all problems in one error. A string is the application's
 * YAML as a person edited it (edge-update): read as written, nothing pruned.
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
  if (typeof input === 'string') return applicationFromYaml(input, opts);
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
  // YAML mode from a form: the pasted stream becomes objects, exactly as written (after
  // pruning, which is for form fields, not for what a person pasted).
  if (typeof doc?.spec?.manifests === 'string') {
    const { manifests, problems } = manifestsFromYamlText(doc.spec.manifests);
    if (problems.length) throw notValid(problems);
    if (manifests.length) doc.spec.manifests = manifests;
    else delete doc.spec.manifests;
  }
  const result = validateApplication(doc, opts);
  if (!result.valid) throw notValid(result.errors);
  return { app: doc as EdgeApplication, result };
}

/** One EdgeApplication document as YAML text, parsed safely and validated. */
function applicationFromYaml(
  text: string,
  opts: ValidationOptions,
): { app: EdgeApplication; result: ValidationResult } {
  const { value, problems } = parseApplicationYaml(text);
  // A parse problem says where (line, column); the document count is about the whole input.
  if (problems.length)
    throw notValid(
      problems.map(p => ({ ...p, path: p.path || 'application' })),
    );
  const result = validateApplication(value, opts);
  if (!result.valid) throw notValid(result.errors);
  return { app: value as EdgeApplication, result };
}
