import { hostAccessProblems } from './hostAccess';

describe('hostAccessProblems', () => {
  it('names every field that reaches into the node', () => {
    const problems = hostAccessProblems({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'agent' },
      spec: {
        targets: { nodeGroups: ['sh-01'] },
        services: [
          { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
          {
            name: 'agent',
            kind: 'DaemonSet',
            hostNetwork: true,
            hostPID: true,
            initContainers: [
              {
                name: 'setup',
                image: 'busybox:1.36',
                securityContext: { privileged: true },
              },
            ],
            containers: [
              {
                name: 'main',
                image: 'edge/agent:1',
                securityContext: { privileged: true },
              },
            ],
          },
        ],
      },
    });
    expect(problems.map(p => p.path)).toEqual([
      'spec.services[1].hostNetwork',
      'spec.services[1].hostPID',
      'spec.services[1].initContainers[0].securityContext.privileged',
      'spec.services[1].containers[0].securityContext.privileged',
    ]);
    expect(problems[3].message).toBe(
      'privileged container main needs host access, which this template does not allow you',
    );
  });
});
