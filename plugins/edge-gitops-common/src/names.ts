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

/**
 * Why a create may not take an application name: where it is already taken (node groups whose
 * git holds it, catalog entities), or undefined when it is free. The create form's field and
 * edge-gitops:publish (create: true) say the same.
 *
 * @public
 */
export function applicationNameTaken(
  name: string,
  taken: { inGit: readonly string[]; inCatalog: readonly string[] },
): string | undefined {
  const where = [
    taken.inGit.length ? `in git: ${taken.inGit.join(', ')}` : '',
    taken.inCatalog.length
      ? `in the catalog: ${taken.inCatalog.join(', ')}`
      : '',
  ].filter(Boolean);
  if (!where.length) return undefined;
  return `an application named ${JSON.stringify(
    name,
  )} already exists (${where.join(
    '; ',
  )}); creating never replaces one: choose another name, or change the existing application`;
}
