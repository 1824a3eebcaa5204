import { checkPodPorts } from './ports';
import { found } from './testing';

describe('port rules', () => {
  it('refuses a port or host port used twice in one pod, per protocol', () => {
    const containers = [
      {
        name: 'a',
        image: 'a:1',
        ports: [
          { containerPort: 80 },
          { containerPort: 53, protocol: 'UDP', hostPort: 53 },
        ],
      },
      {
        name: 'b',
        image: 'b:1',
        ports: [
          { containerPort: 80, protocol: 'TCP' },
          { containerPort: 53, hostPort: 53 },
        ],
      },
      {
        name: 'c',
        image: 'c:1',
        ports: [{ containerPort: 54, protocol: 'UDP', hostPort: 53 }],
      },
    ];
    expect(found(p => checkPodPorts({ containers } as any, 's', p))).toEqual([
      'error s.containers[1].ports[0].containerPort: 80/TCP is already used in this pod at s.containers[0].ports[0]',
      'error s.containers[2].ports[0].hostPort: host port 53/UDP is already used in this pod at s.containers[0].ports[1]',
    ]);
  });
});
