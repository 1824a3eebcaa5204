import { checkOverrides } from './overrides';
import { found } from './testing';

const services = [
  { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
  {
    name: 'agent',
    kind: 'DaemonSet',
    containers: [{ name: 'agent', image: 'agent:1' }],
  },
];
const app = (overrides: object[]) => ({ spec: { services, overrides } } as any);

describe('override rules', () => {
  it('accepts an override of real services for named node groups', () => {
    expect(
      found(p =>
        checkOverrides(
          app([
            {
              nodeGroups: ['sh-02'],
              services: { web: { image: 'nginx:1.27-arm64', replicas: 3 } },
            },
          ]),
          p,
        ),
      ),
    ).toEqual([]);
  });

  it('needs node groups, real services and containers, and follows the service rules', () => {
    expect(
      found(p =>
        checkOverrides(
          app([
            {
              services: {
                ghost: {},
                agent: { replicas: 2, container: 'sidecar' },
                web: {
                  image: 'a b',
                  env: [{ name: '1X' }],
                  resources: { limits: { cpu: 'lots' } },
                },
              },
            },
          ]),
          p,
        ),
      ),
    ).toEqual([
      'error spec.overrides[0]: needs nodeGroups or selector: which node groups the override applies to',
      'error spec.overrides[0].services.ghost: names no service of the application (have: web, agent)',
      'error spec.overrides[0].services.agent.replicas: is for Deployments only; agent is a DaemonSet',
      'error spec.overrides[0].services.agent.container: service agent has no container sidecar',
      expect.stringMatching(
        /^error spec\.overrides\[0\]\.services\.web\.env\[0\]\.name: "1X" is not a valid/,
      ),
      expect.stringMatching(
        /^error spec\.overrides\[0\]\.services\.web\.resources\.limits\.cpu: "lots" is not a quantity/,
      ),
      'error spec.overrides[0].services.web.image: must be an image reference without spaces',
    ]);
  });
});
