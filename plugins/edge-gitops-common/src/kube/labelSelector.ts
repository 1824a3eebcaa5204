import type { LabelSelector } from '../model/types';

/**
 * Kubernetes LabelSelector semantics: matchLabels and matchExpressions are ANDed.
 *
 * @public
 */
export function matchesSelector(
  labels: Record<string, string>,
  selector: LabelSelector,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * A selector written the way kubectl shows it, for error messages.
 *
 * @public
 */
export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const req of selector.matchExpressions ?? []) {
    if (req.operator === 'Exists') parts.push(req.key);
    else if (req.operator === 'DoesNotExist') parts.push(`!${req.key}`);
    else
      parts.push(
        `${req.key} ${req.operator.toLowerCase()} (${(req.values ?? []).join(
          ',',
        )})`,
      );
  }
  return parts.join(',') || '<empty selector>';
}
