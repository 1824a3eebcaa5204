import { DNS1123_SUBDOMAIN } from '../../names';
import type { EdgeApplication, EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';

const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * YAML-mode objects (spec.manifests): typed, named so they can be files, given once, not
 * clashing with what the services render, and never carrying secret values into git.
 *
 * @public
 */
export function checkManifests(app: EdgeApplication, p: Problems): void {
  const seen = new Map<string, string>();
  const services = asArray<EdgeService>(app.spec?.services);
  asArray<any>(app.spec?.manifests).forEach((m, i) => {
    const at = joinPath('spec.manifests', i);
    if (!isPlainObject(m)) return;
    if (typeof m.apiVersion !== 'string' || m.apiVersion === '')
      p.error(joinPath(at, 'apiVersion'), 'is required');
    if (typeof m.kind !== 'string' || !KIND_NAME.test(m.kind)) {
      p.error(
        joinPath(at, 'kind'),
        'is required: a Kubernetes kind such as ConfigMap',
      );
    }
    const name = m.metadata?.name;
    if (
      typeof name !== 'string' ||
      !DNS1123_SUBDOMAIN.test(name) ||
      name.length > 253
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'name'),
        `${JSON.stringify(
          name,
        )} must be a DNS-1123 name: lowercase letters, digits, "-" and "."; no "/" or ".."`,
      );
    } else if (typeof m.kind === 'string') {
      const key = `${m.kind.toLowerCase()}.${name}`;
      if (seen.has(key))
        p.error(at, `${m.kind} ${name} is already given at ${seen.get(key)}`);
      seen.set(key, at);
    }
    if (
      m.metadata?.namespace !== undefined &&
      typeof m.metadata.namespace !== 'string'
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'namespace'),
        'must be a string',
      );
    }
    const clash = services.find(
      s =>
        s?.name === name &&
        ((s.kind ?? 'Deployment') === m.kind ||
          (m.kind === 'Service' && s.expose)),
    );
    if (clash)
      p.error(
        at,
        `${m.kind} ${name} is also rendered from spec.services (service ${clash.name}); rename one of them`,
      );
    if (
      m.kind === 'Secret' &&
      (m.data !== undefined || m.stringData !== undefined)
    ) {
      p.error(
        at,
        'a Secret with data or stringData would put secret values in git; reference a Secret that exists in the cluster, or commit a SealedSecret, a SOPS-encrypted Secret or an ExternalSecret',
      );
    }
    if (m.kind === 'List' || Array.isArray(m.items))
      p.error(at, 'give each object on its own, not a List');
  });
}
