import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBareRepository } from './bareRepository';
import { markDisposable } from './durableFs';
import {
  commitParents,
  commitTree,
  forgetObjects,
  objectsMissingFrom,
  packCount,
  packObjects,
  parseTree,
  readGitObject,
} from './objects';
import {
  commitTreeChanges,
  isValidBranchName,
  resolveBranch,
} from './treeCommit';

const author = { name: 't', email: 't@example.com' };

async function repository() {
  const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-objects-'));
  await ensureBareRepository(gitdir, 'main');
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', gitdir, ...args], {
      encoding: 'utf8',
    }).trim();
  const commit = async (
    changes: Record<string, string | null>,
    timestamp: number,
  ) => {
    const result = await commitTreeChanges({
      gitdir,
      branch: 'main',
      changes: new Map(Object.entries(changes)),
      message: `change at ${timestamp}`,
      author,
      timestamp,
    });
    if (result.kind !== 'committed') throw new Error('expected a commit');
    return result.sha;
  };
  return { gitdir, git, commit };
}

describe('git objects', () => {
  it('reads commits and trees as git wrote them', async () => {
    const { gitdir, git, commit } = await repository();
    const first = await commit(
      { 'a/b.yaml': 'b: 1\n', 'c.md': 'c\n' },
      1_700_000_000,
    );
    const second = await commit({ 'a/b.yaml': 'b: 2\n' }, 1_700_000_100);

    const head = await readGitObject(gitdir, second);
    expect(head.type).toBe('commit');
    expect(commitTree(head.content)).toBe(git('rev-parse', `${second}^{tree}`));
    expect(commitParents(head.content)).toEqual([first]);
    // The commit object is byte for byte what git prints for it.
    expect(head.content.toString('utf8')).toBe(
      `${git('cat-file', 'commit', second)}\n`,
    );

    const tree = await readGitObject(gitdir, commitTree(head.content));
    expect(parseTree(tree.content)).toEqual(
      git('ls-tree', second)
        .split('\n')
        .map(line => {
          const [meta, name] = line.split('\t');
          const [mode, , oid] = meta.split(' ');
          return { mode: mode.replace(/^0/, ''), path: name, oid };
        }),
    );
  });

  it('refuses a loose object that does not hold what its id promises', async () => {
    const { gitdir, commit } = await repository();
    const sha = await commit({ 'x.txt': 'x\n' }, 1_700_000_000);
    const file = path.join(gitdir, 'objects', sha.slice(0, 2), sha.slice(2));
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, Buffer.from('not zlib'));
    await expect(readGitObject(gitdir, sha)).rejects.toThrow();
  });

  it('packs exactly what a server holding the parent lacks, and git accepts the pack', async () => {
    const { gitdir, git, commit } = await repository();
    const first = await commit(
      {
        'apps/web/deploy.yaml': 'v: 1\n',
        'apps/db/sts.yaml': 'db\n',
        'README.md': 'r\n',
      },
      1_700_000_000,
    );
    const second = await commit(
      { 'apps/web/deploy.yaml': 'v: 2\n' },
      1_700_000_100,
    );

    const missing = await objectsMissingFrom(gitdir, second, first);
    // The commit, the root tree, apps/, apps/web/ and the one changed file: nothing else.
    expect(missing.map(o => o.type).sort()).toEqual([
      'blob',
      'commit',
      'tree',
      'tree',
      'tree',
    ]);
    expect(missing.map(o => o.oid)).toContain(
      git('rev-parse', `${second}:apps/web/deploy.yaml`),
    );
    expect(missing.map(o => o.oid)).not.toContain(
      git('rev-parse', `${second}:apps/db`),
    );

    // A server that has the first commit takes the pack and ends up with the second, intact.
    const server = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-objects-server-'));
    execFileSync('git', ['init', '--bare', '--quiet', server]);
    const all = await objectsMissingFrom(gitdir, first, undefined);
    const unpack = (objects: typeof all) =>
      execFileSync('git', ['--git-dir', server, 'unpack-objects', '-q'], {
        input: packObjects(objects),
      });
    unpack(all);
    unpack(missing);
    execFileSync('git', [
      '--git-dir',
      server,
      'update-ref',
      'refs/heads/main',
      second,
    ]);
    expect(() =>
      execFileSync(
        'git',
        ['--git-dir', server, 'fsck', '--strict', '--no-dangling'],
        {
          stdio: 'pipe',
        },
      ),
    ).not.toThrow();
    expect(
      execFileSync(
        'git',
        ['--git-dir', server, 'show', 'main:apps/web/deploy.yaml'],
        {
          encoding: 'utf8',
        },
      ),
    ).toBe('v: 2\n');
  });

  it('packs a large object with a multi-byte size header', async () => {
    const { gitdir, commit } = await repository();
    const big = `${'x'.repeat(70_000)}\n`;
    const sha = await commit({ 'big.txt': big }, 1_700_000_000);
    const server = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-objects-server-'));
    execFileSync('git', ['init', '--bare', '--quiet', server]);
    execFileSync(
      'git',
      ['--git-dir', server, 'index-pack', '--stdin', '--strict'],
      {
        input: packObjects(await objectsMissingFrom(gitdir, sha, undefined)),
      },
    );
    expect(
      execFileSync(
        'git',
        ['--git-dir', server, 'cat-file', '-p', `${sha}:big.txt`],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      ),
    ).toBe(big);
  });
});

describe('objects of a publish cache', () => {
  it('are written as one pack with an index git verifies, only when a commit is made', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-objects-cache-'));
    markDisposable(cache);
    const gitdir = path.join(cache, 'x.git');
    await ensureBareRepository(gitdir, 'main');
    const commit = (changes: Record<string, string>) =>
      commitTreeChanges({
        gitdir,
        branch: 'main',
        changes: new Map(Object.entries(changes)),
        message: 'publish',
        author,
        timestamp: 1_700_000_000,
      });
    const first = await commit({
      'apps/web/deploy.yaml': 'kind: Deployment\n',
      'apps/web/service.yaml': 'kind: Service\n',
      'kustomization.yaml': 'resources: [apps/web]\n',
    });
    expect(first.kind).toBe('committed');
    // No loose objects: the commit, three trees and three blobs in one pack.
    expect(fs.readdirSync(path.join(gitdir, 'objects'))).toEqual(['pack']);
    const [idx] = fs
      .readdirSync(path.join(gitdir, 'objects', 'pack'))
      .filter(f => f.endsWith('.idx'));
    const git = (...args: string[]) =>
      execFileSync('git', ['--git-dir', gitdir, ...args], {
        encoding: 'utf8',
      });
    expect(
      git('verify-pack', '-v', path.join(gitdir, 'objects', 'pack', idx)),
    ).toMatch(/^non delta: 7 objects$/m);
    git('fsck', '--strict', '--no-dangling');
    expect(git('show', 'main:apps/web/deploy.yaml')).toBe('kind: Deployment\n');

    // Read back from disk (through the index), not from what this process remembers.
    forgetObjects(gitdir);
    expect(commitTree((await readGitObject(gitdir, first.sha!)).content)).toBe(
      git('rev-parse', 'main^{tree}').trim(),
    );

    // The same files again: no commit, and nothing staged is written.
    expect(
      (
        await commit({
          'apps/web/deploy.yaml': 'kind: Deployment\n',
        })
      ).kind,
    ).toBe('unchanged');
    expect(await packCount(gitdir)).toBe(1);
    const second = await commit({
      'apps/web/deploy.yaml': 'kind: DaemonSet\n',
    });
    expect(second.kind).toBe('committed');
    expect(await packCount(gitdir)).toBe(2);
    git('fsck', '--strict', '--no-dangling');
  });
});

describe('branches', () => {
  it('resolves a loose branch and a packed one', async () => {
    const { gitdir, git, commit } = await repository();
    const sha = await commit({ 'x.txt': 'x\n' }, 1_700_000_000);
    expect(await resolveBranch(gitdir, 'main')).toBe(sha);
    git('pack-refs', '--all');
    expect(fs.existsSync(path.join(gitdir, 'refs/heads/main'))).toBe(false);
    expect(await resolveBranch(gitdir, 'main')).toBe(sha);
    expect(await resolveBranch(gitdir, 'other')).toBeUndefined();
  });

  it('refuses branch names git refuses, which would otherwise be paths', async () => {
    for (const bad of [
      '../../etc/passwd',
      '/abs',
      'a..b',
      'a b',
      'x.lock',
      'a/',
      '.hidden',
      'a/.b',
      'we@{ird',
      '-x',
      '',
    ])
      expect(isValidBranchName(bad)).toBe(false);
    for (const good of [
      'main',
      'release/1.2',
      'edge-gitops/review/app',
      'v1.0',
    ])
      expect(isValidBranchName(good)).toBe(true);
    const { gitdir } = await repository();
    await expect(resolveBranch(gitdir, '../../HEAD')).rejects.toThrow(
      '"../../HEAD" is not a valid git branch name',
    );
  });
});
