import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';

/** Kubernetes' rule for environment variable names (C identifiers plus '-' and '.'). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The pod fields a fieldRef may name. */
const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/**
 * Env names Kubernetes accepts, one source per variable, fieldRefs Kubernetes exposes.
 *
 * @public
 */
export function checkEnv(env: unknown, path: string, p: Problems): void {
  const seen = new Set<string>();
  asArray<any>(env).forEach((e, i) => {
    const at = joinPath(path, i);
    if (typeof e?.name === 'string') {
      if (!ENV_NAME.test(e.name)) {
        p.error(
          joinPath(at, 'name'),
          `${JSON.stringify(
            e.name,
          )} is not a valid environment variable name: letters, digits, "_", "-" or ".", not starting with a digit`,
        );
      } else if (seen.has(e.name)) {
        p.warn(
          joinPath(at, 'name'),
          `${e.name} is set twice; the last one wins`,
        );
      }
      seen.add(e.name);
    }
    if (e?.value !== undefined && e?.valueFrom !== undefined) {
      p.error(at, 'set either value or valueFrom, not both');
    }
    if (isPlainObject(e?.valueFrom)) checkValueFrom(e.valueFrom, at, p);
  });
}

function checkValueFrom(valueFrom: any, at: string, p: Problems) {
  if (Object.keys(valueFrom).length !== 1) {
    p.error(
      joinPath(at, 'valueFrom'),
      'needs exactly one of secretKeyRef, configMapKeyRef, fieldRef or resourceFieldRef',
    );
  }
  const fieldPath = valueFrom.fieldRef?.fieldPath;
  if (
    typeof fieldPath === 'string' &&
    !FIELD_PATHS.has(fieldPath) &&
    !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fieldPath)
  ) {
    p.error(
      joinPath(joinPath(joinPath(at, 'valueFrom'), 'fieldRef'), 'fieldPath'),
      `${fieldPath} is not a field Kubernetes exposes; use one of ${[
        ...FIELD_PATHS,
      ].join(', ')}`,
    );
  }
}
