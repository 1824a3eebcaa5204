import type { Problem } from '../validation/problems';
import { parseYamlDocuments } from './parse';

/**
 * The one document of YAML text that should hold one EdgeApplication (edge-update's editor,
 * and what publishing is given from it): its parse problems with line and column, or that
 * the text held another number of documents. Validating the value is the caller's next step.
 *
 * @public
 */
export function parseApplicationYaml(text: string): {
  value?: unknown;
  problems: Problem[];
} {
  const docs = parseYamlDocuments(text);
  const problems = docs.flatMap(d => d.problems);
  if (problems.length) return { problems };
  if (docs.length !== 1)
    return {
      problems: [
        {
          severity: 'error',
          path: '',
          message: `one EdgeApplication document is expected, found ${docs.length}`,
        },
      ],
    };
  return { value: docs[0].value, problems: [] };
}
