import { nodeGroupFromEntity } from './nodeGroup';

const entity = (
  name: string,
  url: string,
  extra: Record<string, string> = {},
) => ({
  kind: 'Resource',
  metadata: {
    name,
    annotations: { 'edge-gitops.io/repo-url': url, ...extra },
  },
  spec: { type: 'edge-node-group' },
});

describe('nodeGroupFromEntity: catalog entities are untrusted', () => {
  it('reads a node group with defaults for branch and path', () => {
    expect(
      nodeGroupFromEntity(
        entity('sh-01', 'https://git.example.com/edge/sh-01.git'),
      ),
    ).toEqual({
      name: 'sh-01',
      labels: {},
      git: {
        url: 'https://git.example.com/edge/sh-01.git',
        branch: 'main',
        path: '',
      },
    });
  });

  it.each([['../../x'], ['Sh01'], ['a/b'], ['']])(
    'refuses the name %j, which would become a path',
    name => {
      expect(() => nodeGroupFromEntity(entity(name, 'repos/x.git'))).toThrow(
        /metadata\.name: must be a DNS-1123 label/,
      );
    },
  );

  it('refuses a repo-url with credentials, without repeating them', () => {
    let message = '';
    try {
      nodeGroupFromEntity(
        entity('sh-01', 'https://bot:s3cret@git.example.com/edge.git'),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /must not carry credentials; configure them in app-config/,
    );
    expect(message).not.toContain('s3cret');
  });

  it.each([
    ['ssh://git@git.example.com/edge.git', /ssh: URLs are not supported/],
    [
      'git@github.com:org/edge.git',
      /scp-like "user@host:path" is not supported/,
    ],
    ['repos/x.git\nmalicious', /must not contain NUL or line breaks/],
  ])('refuses the repo-url %j', (url, message) => {
    expect(() => nodeGroupFromEntity(entity('sh-01', url))).toThrow(message);
  });

  it('refuses a repo-path that leaves the repository', () => {
    expect(() =>
      nodeGroupFromEntity(
        entity('sh-01', 'repos/x.git', {
          'edge-gitops.io/repo-path': 'a/../../b',
        }),
      ),
    ).toThrow(/must not contain "\.\."/);
  });
});
