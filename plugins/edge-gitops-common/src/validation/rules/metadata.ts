import { DNS1123_SUBDOMAIN } from '../../names';
import type { EdgeApplication, LabelSelector } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A qualified name as Kubernetes accepts it for label and annotation keys. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return (
    name.length <= 63 &&
    LABEL_KEY_NAME.test(name) &&
    (slash < 0 || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)))
  );
}

/** Annotation keys are qualified names (an empty key breaks kustomize for the whole node group). */
export function checkAnnotations(
  map: unknown,
  path: string,
  p: Problems,
): void {
  if (!isPlainObject(map)) return;
  for (const key of Object.keys(map))
    if (!isQualifiedName(key))
      p.error(
        joinPath(path, key),
        'is not a valid annotation key: an optional DNS prefix and "/", then 1-63 letters, digits, "-", "_" or "."',
      );
}

/**
 * Label keys and values as Kubernetes accepts them (node selectors too).
 *
 * @public
 */
export function checkLabels(map: unknown, path: string, p: Problems): void {
  if (!isPlainObject(map)) return;
  for (const [key, value] of Object.entries(map)) {
    const at = joinPath(path, key);
    if (!isQualifiedName(key)) {
      p.error(
        at,
        'is not a valid label key: an optional DNS prefix and "/", then 1-63 letters, digits, "-", "_" or "."',
      );
    }
    if (
      typeof value === 'string' &&
      (value.length > 63 || !LABEL_VALUE.test(value))
    ) {
      p.error(
        at,
        `label value ${JSON.stringify(
          value,
        )} must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
      );
    }
  }
}

/**
 * A LabelSelector's expressions: In/NotIn need values, Exists/DoesNotExist take none.
 *
 * @public
 */
export function checkSelector(
  selector: LabelSelector | undefined,
  path: string,
  p: Problems,
): void {
  asArray<any>(selector?.matchExpressions).forEach((req, i) => {
    const at = joinPath(joinPath(path, 'matchExpressions'), i);
    const values = asArray(req?.values);
    if (
      (req?.operator === 'In' || req?.operator === 'NotIn') &&
      values.length === 0
    ) {
      p.error(
        joinPath(at, 'values'),
        `must list at least one value for operator ${req.operator}`,
      );
    }
    if (
      (req?.operator === 'Exists' || req?.operator === 'DoesNotExist') &&
      values.length > 0
    ) {
      p.error(
        joinPath(at, 'values'),
        `must be empty for operator ${req.operator}`,
      );
    }
  });
}

/** spec.imagePullSecrets name Secrets: DNS-1123 subdomains. */
export function checkImagePullSecrets(app: EdgeApplication, p: Problems): void {
  asArray<unknown>(app.spec?.imagePullSecrets).forEach((name, i) => {
    if (
      typeof name === 'string' &&
      (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    )
      p.error(
        joinPath('spec.imagePullSecrets', i),
        `${JSON.stringify(
          name,
        )} is not a Secret name: lowercase letters, digits, "-" and "."`,
      );
  });
}
