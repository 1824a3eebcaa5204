import type { Problem } from '../validation/problems';
import { isPlainObject } from '../validation/schemaDsl';
import { parseYamlDocuments } from './parse';

/**
 * YAML-mode manifests as a person pastes them (the `edge-yaml` template's text area): a
 * YAML stream, each document one Kubernetes object. Problems name `spec.manifests` and
 * the document (1-based, as a person counts), so the message points at what to fix.
 *
 * @public
 */
export function manifestsFromYamlText(text: string): {
  manifests: Record<string, unknown>[];
  problems: Problem[];
} {
  const manifests: Record<string, unknown>[] = [];
  const problems: Problem[] = [];
  for (const doc of parseYamlDocuments(text)) {
    const where = `document ${doc.index + 1}`;
    for (const problem of doc.problems)
      problems.push({
        ...problem,
        path: 'spec.manifests',
        message: `${where}${problem.path ? `, ${problem.path}` : ''}: ${
          problem.message
        }`,
      });
    if (doc.problems.length || doc.value === undefined || doc.value === null)
      continue;
    if (!isPlainObject(doc.value)) {
      problems.push({
        severity: 'error',
        path: 'spec.manifests',
        message: `${where} is not a Kubernetes object (a mapping with apiVersion, kind and metadata)`,
      });
      continue;
    }
    manifests.push(doc.value as Record<string, unknown>);
  }
  return { manifests, problems };
}
