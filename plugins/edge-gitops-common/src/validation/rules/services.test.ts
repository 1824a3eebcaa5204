import { checkServices } from './services';
import { found } from './testing';

const app = (spec: object) => ({ spec } as any);

describe('service rules', () => {
  it('needs a service or a YAML-mode object', () => {
    expect(found(p => checkServices(app({ services: [] }), p))).toEqual([
      'error spec.services: needs at least one service (or, in YAML mode, at least one object in spec.manifests)',
    ]);
    expect(
      found(p => checkServices(app({ manifests: [{ kind: 'ConfigMap' }] }), p)),
    ).toEqual([]);
  });

  it('refuses a service name used twice and shows host access to reviewers', () => {
    const web = {
      name: 'web',
      containers: [{ name: 'web', image: 'nginx:1.27' }],
    };
    expect(
      found(p =>
        checkServices(
          app({
            services: [web, { ...web, hostNetwork: true, hostPID: true }],
          }),
          p,
        ),
      ),
    ).toEqual([
      'error spec.services[1].name: service name web is already used by spec.services[0]',
      "warning spec.services[1].hostNetwork: uses the node's network: ports bind on the node itself",
      'warning spec.services[1].hostPID: sees every process on the node',
    ]);
  });
});
