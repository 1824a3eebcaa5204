/** @public */
export type Severity = 'error' | 'warning';

/**
 * One thing wrong with a document: where (a field path) and what a person can do about it.
 *
 * @public
 */
export interface Problem {
  severity: Severity;
  /** Field path such as spec.services[1].containers[0].image. */
  path: string;
  message: string;
}

/** @public */
export interface ValidationResult {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Collects problems while walking a document.
 *
 * @public
 */
export class Problems {
  readonly list: Problem[] = [];
  error(path: string, message: string) {
    this.list.push({ severity: 'error', path, message });
  }
  warn(path: string, message: string) {
    this.list.push({ severity: 'warning', path, message });
  }
  result(): ValidationResult {
    const errors = this.list.filter(p => p.severity === 'error');
    const warnings = this.list.filter(p => p.severity === 'warning');
    return { valid: errors.length === 0, errors, warnings };
  }
}

/** @public */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}
