import { CLUSTER_SCOPED_KINDS } from '@edge-gitops/plugin-edge-gitops-common';

/** Where the API serves a kind: its group/version, plural and whether it is namespaced. */
export interface ResourceType {
  kind: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
  /** The collection's path across all namespaces, e.g. /apis/apps/v1/deployments. */
  path: string;
}

/** Plurals that do not follow the English rule below. */
const IRREGULAR: Record<string, string> = {
  Endpoints: 'endpoints',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  StorageClass: 'storageclasses',
  PriorityClass: 'priorityclasses',
  RuntimeClass: 'runtimeclasses',
};

function pluralOf(kind: string): string {
  if (IRREGULAR[kind]) return IRREGULAR[kind];
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The resource type of an apiVersion and kind, as the API server's discovery would say. */
export function resourceTypeOf(apiVersion: string, kind: string): ResourceType {
  const plural = pluralOf(kind);
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return {
    kind,
    apiVersion,
    plural,
    namespaced: !CLUSTER_SCOPED_KINDS.has(kind),
    path: `${base}/${plural}`,
  };
}

/**
 * A request path split into the collection it addresses, the namespace it is limited to
 * and the object it names: /api/v1/namespaces/ns/pods/x, /apis/apps/v1/deployments.
 */
export interface ParsedPath {
  collection: string;
  namespace?: string;
  name?: string;
}

export function parseApiPath(pathname: string): ParsedPath | undefined {
  const m =
    /^(\/api\/[^/]+|\/apis\/[^/]+\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
      pathname,
    );
  if (!m) return undefined;
  const [, base, namespace, plural, name] = m;
  return { collection: `${base}/${plural}`, namespace, name };
}
