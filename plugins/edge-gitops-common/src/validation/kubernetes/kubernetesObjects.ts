import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import schema from './kubernetesSchema.json';

/**
 * The fields of built-in Kubernetes objects, as in the OpenAPI of the Kubernetes release
 * `KUBERNETES_SCHEMA_SOURCE` is generated from (scripts/generate-kubernetes-schema.mjs).
 *
 * @public
 */
export const KUBERNETES_SCHEMA_SOURCE: string = schema.source;

const types = schema.types as Record<string, Record<string, string>>;
const kinds = new Set(schema.roots);

/**
 * API groups Kubernetes itself serves (as @kubernetes/client-node counts them, plus
 * `extensions`, whose kinds moved elsewhere): an object of another group is a custom
 * resource, which no built-in schema describes.
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * Fields holding resource quantities: the models type them as strings, but Kubernetes
 * reads `cpu: 1` as well as `cpu: "1"` there.
 */
const QUANTITY_FIELDS = new Set([
  'allocatable',
  'capacity',
  'default',
  'defaultRequest',
  'hard',
  'limits',
  'max',
  'maxLimitRequestRatio',
  'min',
  'overhead',
  'requests',
  'sizeLimit',
  'storage',
]);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The model of apiVersion + kind: `<Version><Kind>`, or with the group's first word in front
 * where two groups have a kind of the same name (CoreV1Event, EventsV1Event).
 */
function modelOf(group: string, version: string, kind: string) {
  const plain = `${capitalise(version)}${kind}`;
  const prefixed = `${capitalise(group.split('.')[0] || 'core')}${plain}`;
  return [prefixed, plain].find(name => kinds.has(name));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value;
}

function checkValue(
  value: unknown,
  type: string,
  field: string,
  at: string,
  p: Problems,
): void {
  // null is "not set" to Kubernetes, in every field.
  if (value === null || value === undefined || type === 'any') return;
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) {
      p.error(at, `must be a list, got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) =>
      checkValue(item, type.slice(2), field, joinPath(at, i), p),
    );
    return;
  }
  if (type.startsWith('{}')) {
    if (!isPlainObject(value)) {
      p.error(at, `must be a mapping, got ${describe(value)}`);
      return;
    }
    for (const [key, item] of Object.entries(value))
      checkValue(item, type.slice(2), field, joinPath(at, key), p);
    return;
  }
  switch (type) {
    case 'string':
      if (
        typeof value !== 'string' &&
        !(typeof value === 'number' && QUANTITY_FIELDS.has(field))
      )
        p.error(at, `must be a string, got ${describe(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number')
        p.error(at, `must be a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        p.error(at, `must be true or false, got ${describe(value)}`);
      return;
    case 'intOrString':
      if (typeof value !== 'string' && typeof value !== 'number')
        p.error(at, `must be a number or a string, got ${describe(value)}`);
      return;
    default:
      checkFields(value, type, at, p);
  }
}

function checkFields(
  value: unknown,
  model: string,
  at: string,
  p: Problems,
): void {
  if (!isPlainObject(value)) {
    p.error(at, `must be a mapping, got ${describe(value)}`);
    return;
  }
  const fields = types[model];
  for (const [key, item] of Object.entries(value)) {
    const where = joinPath(at, key);
    const type = Object.prototype.hasOwnProperty.call(fields, key)
      ? fields[key]
      : undefined;
    if (type === undefined)
      p.error(
        where,
        `is not a field of ${model.replace(
          /^([A-Z][a-z]+)?V\d+((alpha|beta)\d+)?/,
          '',
        )} (${schema.source}): check its spelling and case`,
      );
    else checkValue(item, type, key, where, p);
  }
}

/**
 * Checks an object of a built-in kind against the Kubernetes schema: every field known
 * (unknown fields are errors, as `kubectl apply` with strict field validation makes them)
 * and of its type. apiVersion and kind must be served by that Kubernetes release; objects
 * of other groups (custom resources) are left to the cluster.
 *
 * @public
 */
export function checkKubernetesObject(
  object: Record<string, unknown>,
  at: string,
  p: Problems,
): void {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (!BUILT_IN_GROUPS.has(group)) return;
  const model = modelOf(group, version, kind);
  if (!model) {
    p.error(
      joinPath(at, 'apiVersion'),
      `${apiVersion} has no kind ${kind} in ${schema.source}: check the kind's spelling and its current apiVersion`,
    );
    return;
  }
  checkFields(object, model, at, p);
}
