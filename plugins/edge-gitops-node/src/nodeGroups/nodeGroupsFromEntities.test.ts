import { nodeGroupsFromEntities } from './nodeGroupsFromEntities';

const entity = (
  name: string,
  url: string,
  repoPath = '/',
  branch = 'main',
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    annotations: {
      'edge-gitops.io/repo-url': url,
      'edge-gitops.io/repo-branch': branch,
      'edge-gitops.io/repo-path': repoPath,
    },
  },
  spec: { type: 'edge-node-group', owner: 'group:platform' },
});

describe('nodeGroupsFromEntities', () => {
  it('keeps node groups that share a repository in folders of their own', () => {
    const list = nodeGroupsFromEntities([
      entity('gz-01', 'repos/south.git', '/gz-01'),
      entity('sz-01', 'repos/south.git', '/sz-01'),
      entity('sz-02', 'repos/south.git', '/sz-01', 'release'),
    ]);
    expect(list.nodeGroups.map(g => g.name)).toEqual([
      'gz-01',
      'sz-01',
      'sz-02',
    ]);
    expect(list.issues).toEqual([]);
  });

  it('refuses every entity claiming a git location another one claims, naming both', () => {
    const list = nodeGroupsFromEntities([
      entity('prod', 'https://git.example.com/edge/prod.git'),
      // A look-alike, spelled differently, pointing at the same repository and branch.
      entity('mine', 'https://GIT.example.com/edge/prod/'),
      entity('inside', 'https://git.example.com/edge/other.git', '/a'),
      // A folder inside another node group's folder is that node group's too.
      entity('nested', 'https://git.example.com/edge/other.git', '/a/b'),
      entity('fine', 'https://git.example.com/edge/other.git', '/ab'),
    ]);
    expect(list.nodeGroups.map(g => g.name)).toEqual(['fine']);
    expect(list.issues.map(i => i.entity)).toEqual([
      'prod',
      'mine',
      'inside',
      'nested',
    ]);
    expect(list.issues[0].message).toBe(
      'its git location (https://git.example.com/edge/prod.git, branch main, path /) is also claimed by node group mine: one git location belongs to one node group, so none of them is used until the entities are fixed',
    );
    expect(list.issues[3].message).toContain(
      'also claimed by node group inside',
    );
  });
});
