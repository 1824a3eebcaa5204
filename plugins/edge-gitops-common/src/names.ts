/**
 * DNS-1123 label: lowercase alphanumerics and '-', 1-63 characters, alphanumeric at both ends.
 *
 * @public
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** @public */
export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && DNS1123_LABEL.test(value);
}

/** @public */
export const DNS1123_LABEL_HINT =
  'must be a DNS-1123 label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit';

/**
 * DNS-1123 subdomain: object names that become file names in git.
 *
 * @public
 */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
