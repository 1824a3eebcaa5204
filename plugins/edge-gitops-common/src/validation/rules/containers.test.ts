import { checkPodContainers } from './containers';
import { found } from './testing';

const check = (service: object, volumes: string[] = []) =>
  found(p => checkPodContainers(service as any, 's', p, new Set(volumes)));

describe('container rules', () => {
  it('warns on images without a pinned tag and refuses image references with spaces', () => {
    expect(
      check({
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx:latest' },
          { name: 'c', image: 'nginx 1.27' },
          { name: 'd', image: 'registry.local:5000/nginx@sha256:abc' },
        ],
      }),
    ).toEqual([
      'warning s.containers[0].image: nginx has no tag; pin a version so every node runs the same image',
      'warning s.containers[1].image: nginx:latest uses latest; pin a version so every node runs the same image',
      'error s.containers[2].image: must be an image reference without spaces, such as nginx:1.27',
    ]);
  });

  it('refuses a container name used twice across init and app containers', () => {
    expect(
      check({
        initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        containers: [{ name: 'setup', image: 'nginx:1.27' }],
      }),
    ).toEqual([
      'error s.containers[0].name: container name setup is already used at s.initContainers[0]',
    ]);
  });

  it('refuses probes and lifecycle hooks on an init container, as Kubernetes does', () => {
    expect(
      check({
        initContainers: [
          {
            name: 'setup',
            image: 'busybox:1.36',
            readinessProbe: { exec: { command: ['true'] } },
            lifecycle: { preStop: { exec: { command: ['true'] } } },
          },
        ],
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            readinessProbe: { httpGet: { port: 80 } },
          },
        ],
      }),
    ).toEqual([
      'error s.initContainers[0].readinessProbe: an init container runs to completion before the others start: Kubernetes takes no readinessProbe for it',
      'error s.initContainers[0].lifecycle: an init container runs to completion before the others start: Kubernetes takes no lifecycle for it',
    ]);
  });

  it('needs exactly one handler per probe', () => {
    expect(
      check({
        containers: [
          {
            name: 'a',
            image: 'a:1',
            livenessProbe: {
              httpGet: { port: 80 },
              exec: { command: ['true'] },
            },
            readinessProbe: {},
          },
        ],
      }),
    ).toEqual([
      'error s.containers[0].livenessProbe: livenessProbe needs exactly one of httpGet, tcpSocket or exec, got httpGet and exec',
      'error s.containers[0].readinessProbe: readinessProbe needs exactly one of httpGet, tcpSocket or exec',
    ]);
  });

  it.each([['/proc/.'], ['/var//run'], ['/dev/../dev'], ['/sys/']])(
    'sees through %s to a folder of the node',
    mountPath => {
      expect(
        check(
          {
            containers: [
              {
                name: 'a',
                image: 'a:1',
                volumeMounts: [{ name: 'v', mountPath }],
              },
            ],
          },
          ['v'],
        ),
      ).toEqual([
        expect.stringMatching(/needs securityContext\.privileged: true$/),
      ]);
    },
  );

  it('mounts only declared volumes, and the node itself only when privileged', () => {
    const mounts = [
      { name: 'data', mountPath: '/data' },
      { name: 'missing', mountPath: 'relative' },
      { name: 'data', mountPath: '/proc/' },
    ];
    expect(
      check(
        { containers: [{ name: 'a', image: 'a:1', volumeMounts: mounts }] },
        ['data'],
      ),
    ).toEqual([
      'error s.containers[0].volumeMounts[1].name: mounts volume "missing", which is not in volumes (have: data)',
      'error s.containers[0].volumeMounts[1].mountPath: must be an absolute path',
      'error s.containers[0].volumeMounts[2].mountPath: mounting on /proc needs securityContext.privileged: true',
    ]);
    expect(
      check(
        {
          containers: [
            {
              name: 'a',
              image: 'a:1',
              volumeMounts: [mounts[2]],
              securityContext: { privileged: true },
            },
          ],
        },
        ['data'],
      ),
    ).toEqual([
      'warning s.containers[0].securityContext.privileged: runs privileged: full access to the node',
    ]);
  });
});
