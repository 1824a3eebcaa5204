import { checkManifests } from './manifests';
import { found } from './testing';

const app = (manifests: object[], services: object[] = []) =>
  ({ spec: { manifests, services } } as any);
const configMap = (name: unknown) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
});

describe('YAML-mode manifest rules', () => {
  it('accepts typed, named objects', () => {
    expect(found(p => checkManifests(app([configMap('settings')]), p))).toEqual(
      [],
    );
  });

  it('refuses missing types, names that are not file names, and an object given twice', () => {
    expect(
      found(p =>
        checkManifests(
          app([
            { metadata: { name: 'x' } },
            configMap('../etc'),
            configMap('a'),
            configMap('a'),
          ]),
          p,
        ),
      ),
    ).toEqual([
      'error spec.manifests[0].apiVersion: is required',
      'error spec.manifests[0].kind: is required: a Kubernetes kind such as ConfigMap',
      'error spec.manifests[1].metadata.name: "../etc" must be a DNS-1123 name: lowercase letters, digits, "-" and "."; no "/" or ".."',
      'error spec.manifests[3]: ConfigMap a is already given at spec.manifests[2]',
    ]);
  });

  it('refuses secret values bound for git, Lists, and clashes with rendered services', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { a: 'b' },
    };
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { name: 'l' },
      items: [],
    };
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
    };
    const problems = found(p =>
      checkManifests(
        app([secret, list, svc], [{ name: 'web', expose: { ports: [] } }]),
        p,
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^error spec\.manifests\[0\]: a Secret with data or stringData would put secret values in git/,
      ),
      'error spec.manifests[1]: give each object on its own, not a List',
      'error spec.manifests[2]: Service web is also rendered from spec.services (service web); rename one of them',
    ]);
  });
});
