import { InputError } from '@backstage/errors';
import {
  EdgeApplication,
  applicationFromFormInput,
  parseApplicationYaml,
  validateApplication,
  ValidationOptions,
  ValidationResult,
} from '@edge-gitops/plugin-edge-gitops-common';

/** All of an application's problems in one error, one line per field. */
export const notValid = (
  problems: readonly { path: string; message: string }[],
) =>
  new InputError(
    `the application is not valid:\n${problems
      .map(e => `  ${e.path}: ${e.message}`)
      .join('\n')}`,
  );

/**
 * Turns what a template passes into an EdgeApplication, shaped as the review preview shapes
 * it (`applicationFromFormInput`: empty fields dropped, picker refs to names, pasted YAML to
 * objects), then validated: all problems in one error. A string is the application's
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
  const { document: doc, problems } = applicationFromFormInput(input);
  if (problems.length) throw notValid(problems);
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
