import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';
import { createBranchWorkspace, pushBackoffMs } from './branchWorkspace';
import { commitTreeChanges } from './treeCommit';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-workspace-'));
const author = { name: 'test', email: 'test@example.com' };

describe('a remote branch workspace', () => {
  let server: GitHttpServer;
  let dataDir: string;
  beforeEach(async () => {
    server = await startGitHttpServer({
      root: tmp(),
      username: 'edge',
      password: 'secret',
    });
    server.createBareRepository('x.git');
    dataDir = tmp();
  });
  afterEach(() => server.close());

  const publish = (text: string) =>
    createBranchWorkspace(
      { url: `${server.url}/x.git`, branch: 'main', path: '' },
      {
        dataDir,
        resolveAuth: async () => ({ username: 'edge', password: 'secret' }),
      },
    ).update(
      (gitdir, _head) =>
        commitTreeChanges({
          gitdir,
          branch: 'main',
          changes: new Map([[`file-${text}.txt`, text]]),
          message: text,
          author,
        }),
      r => r.kind === 'committed',
    );

  it('keeps a cache that git itself reads as a repository, with what it pushed', async () => {
    await publish('one');
    const cache = path.join(dataDir, 'cache');
    const [repo] = fs.readdirSync(cache);
    const gitdir = path.join(cache, repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['--git-dir', gitdir, ...args])
        .toString()
        .trim();
    expect(git('rev-parse', '--is-bare-repository')).toBe('true');
    expect(git('rev-parse', 'refs/heads/main')).toBe(
      execFileSync('git', [
        '--git-dir',
        path.join(server.root, 'x.git'),
        'rev-parse',
        'main',
      ])
        .toString()
        .trim(),
    );
    git('fsck', '--strict', '--no-dangling');
  });

  it('starts its cache again when a crash damaged it, and publishes', async () => {
    await publish('one');
    // Empty every loose object of the cache, as a killed earlier version could.
    const cache = path.join(dataDir, 'cache');
    for (const repo of fs.readdirSync(cache))
      for (const dir of fs.readdirSync(path.join(cache, repo, 'objects')))
        if (/^[0-9a-f]{2}$/.test(dir))
          for (const file of fs.readdirSync(
            path.join(cache, repo, 'objects', dir),
          ))
            fs.writeFileSync(path.join(cache, repo, 'objects', dir, file), '');
    fs.rmSync(
      path.join(cache, fs.readdirSync(cache)[0], 'edge-gitops-verified'),
    );

    await expect(publish('two')).resolves.toMatchObject({ kind: 'committed' });

    const served = path.join(server.root, 'x.git');
    expect(
      execFileSync('git', [
        '--git-dir',
        served,
        'ls-tree',
        '--name-only',
        'main',
      ])
        .toString()
        .split('\n')
        .filter(Boolean),
    ).toEqual(['file-one.txt', 'file-two.txt']);
    execFileSync('git', ['--git-dir', served, 'fsck', '--strict']);
  });
});

describe('pushBackoffMs', () => {
  it('grows exponentially up to a ceiling, with full jitter', () => {
    expect(pushBackoffMs(1, () => 1)).toBe(100);
    expect(pushBackoffMs(3, () => 1)).toBe(400);
    expect(pushBackoffMs(30, () => 1)).toBe(5_000);
    expect(pushBackoffMs(3, () => 0)).toBe(0);
    expect(pushBackoffMs(3, () => 0.5)).toBe(200);
  });
});
