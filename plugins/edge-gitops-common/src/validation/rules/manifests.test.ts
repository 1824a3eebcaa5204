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

  it('refuses a Secret carrying values under any spelling of data', () => {
    const secrets = ['Data', 'STRINGDATA', 'data'].map((field, i) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `s${i}` },
      [field]: { password: 'c2VjcmV0' },
    }));
    expect(found(p => checkManifests(app(secrets), p))).toHaveLength(3);
    // A Secret without values (filled in the cluster) is fine.
    expect(
      found(p =>
        checkManifests(
          app([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ok' } }]),
          p,
        ),
      ),
    ).toEqual([]);
  });

  it('checks namespaces are namespace names', () => {
    const inNamespace = (namespace: unknown) => ({
      ...configMap(`c${String(namespace).length}`),
      metadata: { name: `c${String(namespace).length}`, namespace },
    });
    expect(
      found(p =>
        checkManifests(
          app([
            inNamespace('edge-apps'),
            inNamespace('../kube-system'),
            inNamespace(7),
          ]),
          p,
        ),
      ),
    ).toEqual([
      'error spec.manifests[1].metadata.namespace: "../kube-system" is not a namespace name: up to 63 lowercase letters, digits and "-"',
      'error spec.manifests[2].metadata.namespace: 7 is not a namespace name: up to 63 lowercase letters, digits and "-"',
    ]);
  });

  it('refuses cluster-scoped objects unless an operator allows them, then tells reviewers', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'admin-for-all' },
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
    };
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kube-system' },
    };
    expect(found(p => checkManifests(app([binding, namespace]), p))).toEqual([
      'error spec.manifests[0]: ClusterRoleBinding admin-for-all is cluster-scoped: it changes the whole cluster, not only this application; an operator must allow cluster-scoped objects (edgeGitops.publish.allowClusterScoped, or --allow-cluster-scoped in the CLI)',
      'error spec.manifests[1]: Namespace kube-system is cluster-scoped: it changes the whole cluster, not only this application; an operator must allow cluster-scoped objects (edgeGitops.publish.allowClusterScoped, or --allow-cluster-scoped in the CLI)',
    ]);
    expect(
      found(p =>
        checkManifests(app([binding]), p, { allowClusterScoped: true }),
      ),
    ).toEqual([
      'warning spec.manifests[0]: ClusterRoleBinding admin-for-all is cluster-scoped: it changes the whole cluster, not only this application; reviewers, check it',
    ]);
  });

  it('checks objects against the Kubernetes schema, allowed cluster-scoped ones too', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ops' },
      roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'x' },
      subject: [],
    };
    expect(
      found(p =>
        checkManifests(app([binding]), p, { allowClusterScoped: true }),
      ),
    ).toEqual([
      'warning spec.manifests[0]: ClusterRoleBinding ops is cluster-scoped: it changes the whole cluster, not only this application; reviewers, check it',
      expect.stringMatching(
        /^error spec\.manifests\[0\]\.subject: is not a field of ClusterRoleBinding/,
      ),
    ]);
  });
});
