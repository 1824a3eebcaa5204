import { kustomizeBuild } from './kustomizeBuild';

const cm = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

describe('kustomizeBuild', () => {
  it('follows resources into folders and files, applying namespace and labels', () => {
    const objects = kustomizeBuild(
      new Map([
        [
          'kustomization.yaml',
          'resources: [apps/a, b.yaml]\nnamespace: edge\n',
        ],
        [
          'apps/a/kustomization.yaml',
          'resources: [a.yaml]\ncommonLabels: {team: vision}\n',
        ],
        ['apps/a/a.yaml', `${cm('a')}---\n${cm('a2')}`],
        ['apps/a/unlisted.yaml', cm('unlisted')],
        ['b.yaml', cm('b')],
      ]),
    );
    expect(
      objects.map(o => [
        o.metadata.name,
        o.metadata.namespace,
        o.metadata.labels,
      ]),
    ).toEqual([
      ['a', 'edge', { team: 'vision' }],
      ['a2', 'edge', { team: 'vision' }],
      ['b', 'edge', undefined],
    ]);
  });

  it('takes every manifest of a folder without a kustomization, as Flux generates one', () => {
    const objects = kustomizeBuild(
      new Map([
        ['x/one.yaml', cm('one')],
        ['two.yml', cm('two')],
      ]),
    );
    expect(objects.map(o => o.metadata.name)).toEqual(['two', 'one']);
  });

  it.each([
    [
      'a missing resource',
      { 'kustomization.yaml': 'resources: [gone.yaml]' },
      'kustomization.yaml: resource gone.yaml not found',
    ],
    [
      'a path out of the folder',
      { 'kustomization.yaml': 'resources: [../other]' },
      `kustomization.yaml: "../other" leaves the node group's folder`,
    ],
    [
      'a remote resource',
      { 'kustomization.yaml': 'resources: [https://example.com/x.yaml]' },
      'remote resource https://example.com/x.yaml is not supported',
    ],
    [
      'an object twice',
      {
        'kustomization.yaml': 'resources: [a.yaml, b.yaml]',
        'a.yaml': cm('x'),
        'b.yaml': cm('x'),
      },
      'ConfigMap x is defined twice',
    ],
    [
      'a document that is no object',
      { 'kustomization.yaml': 'resources: [a.yaml]', 'a.yaml': 'just: text' },
      'a.yaml: a document without apiVersion, kind and metadata.name',
    ],
    [
      'broken YAML',
      { 'kustomization.yaml': 'resources: [a.yaml]', 'a.yaml': 'a: [' },
      'a.yaml: ',
    ],
  ])('refuses %s, naming the file', (_what, files, message) => {
    expect(() => kustomizeBuild(new Map(Object.entries(files)))).toThrow(
      message,
    );
  });
});
