import type { Problem } from '../validation/problems';
import { manifestsFromYamlText } from './manifestsText';
import { exceedsDepth } from './parse';
import { API_VERSION, KIND } from './types';

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v as object).length === 0);

/** Fields whose empty object is a choice, not a leftover: `emptyDir: {}` is a volume's type. */
const MEANINGFUL_WHEN_EMPTY = new Set(['emptyDir']);

/**
 * Removes what an unfilled form field leaves behind: undefined, empty strings, empty lists and
 * empty objects (bottom-up), except an empty object that means something (`emptyDir: {}`).
 *
 * @public
 */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map(v => pruneEmpty(v)).filter(v => !isEmpty(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pruned = pruneEmpty(v);
      if (!isEmpty(pruned) || (MEANINGFUL_WHEN_EMPTY.has(k) && pruned))
        out[k] = pruned;
    }
    return out;
  }
  return value;
}

/** `resource:default/sh-01` (what an entity picker gives) is node group `sh-01`. */
const nodeGroupNameOf = (n: unknown) =>
  typeof n === 'string' && n.includes(':')
    ? n.slice(n.lastIndexOf('/') + 1 || n.indexOf(':') + 1)
    : n;

/**
 * Turns an EdgeApplication as a template passes it into the document to validate: empty
 * form fields dropped (an empty selector would otherwise match every node group), entity
 * refs from an entity picker turned into node group names, and `spec.manifests` given as
 * YAML text (a pasted stream) read into objects, exactly as written. Problems of the input
 * itself (too deep, YAML errors) come back with it; the model's rules are validation's.
 *
 * @public
 */
export function applicationFromFormInput(input: unknown): {
  document: unknown;
  problems: Problem[];
} {
  if (exceedsDepth(input))
    return {
      document: undefined,
      problems: [
        {
          severity: 'error',
          path: 'application',
          message: 'nested too deeply',
        },
      ],
    };
  const doc = pruneEmpty(input) as any;
  // Kubernetes objects are published exactly as written: `podSelector: {}` selects every pod.
  const given = (input as any)?.spec?.manifests;
  if (Array.isArray(given) && given.length && doc?.spec)
    doc.spec.manifests = given;
  const names = doc?.spec?.targets?.nodeGroups;
  if (Array.isArray(names))
    doc.spec.targets.nodeGroups = names.map(nodeGroupNameOf);
  if (typeof doc?.spec?.manifests === 'string') {
    const { manifests, problems } = manifestsFromYamlText(doc.spec.manifests);
    if (problems.length) return { document: doc, problems };
    if (manifests.length) doc.spec.manifests = manifests;
    else delete doc.spec.manifests;
  }
  return { document: doc, problems: [] };
}

/**
 * What an application template's form holds: the EdgeApplication in parts, with the
 * model's own field names (docs/templates.md).
 *
 * @public
 */
export interface ApplicationFormData {
  name?: string;
  namespace?: string;
  description?: string;
  labels?: Record<string, string>;
  imagePullSecrets?: string[];
  services?: unknown[];
  targets?: unknown;
  overrides?: unknown[];
  manifests?: unknown;
  [other: string]: unknown;
}

/**
 * The EdgeApplication a template's form data makes, assembled the way the application
 * templates' publish step assembles it (so a preview shows what publishing will write).
 *
 * @public
 */
export function applicationOfFormData(form: ApplicationFormData): unknown {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: {
      name: form.name,
      namespace: form.namespace,
      description: form.description,
      labels: form.labels,
    },
    spec: {
      targets: form.targets,
      imagePullSecrets: form.imagePullSecrets,
      services: form.services,
      overrides: form.overrides,
      manifests: form.manifests,
    },
  };
}
