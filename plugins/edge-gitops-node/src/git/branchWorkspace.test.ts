import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';
import { createBranchWorkspace, pushBackoffMs } from './branchWorkspace';
import { forgetObjects } from './objects';
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

  /** The files at the head of the server's branch, as git lists them. */
  const servedFiles = () =>
    execFileSync('git', [
      '--git-dir',
      path.join(server.root, 'x.git'),
      'ls-tree',
      '--name-only',
      'main',
    ])
      .toString()
      .split('\n')
      .filter(Boolean);

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

  it('starts its cache again once it holds more than 50 packs, and goes on publishing', async () => {
    const texts = Array.from({ length: 53 }, (_, i) => `n${i}`);
    for (const text of texts) await publish(text);
    const cache = path.join(dataDir, 'cache');
    const [repo] = fs.readdirSync(cache);
    const packs = fs
      .readdirSync(path.join(cache, repo, 'objects', 'pack'))
      .filter(f => f.endsWith('.idx'));
    // One pack per publish up to the bound, then a fetch and packs anew.
    expect(packs.length).toBeLessThanOrEqual(51);
    const served = path.join(server.root, 'x.git');
    expect(servedFiles()).toHaveLength(53);
    execFileSync('git', ['--git-dir', served, 'fsck', '--strict']);
    execFileSync('git', ['--git-dir', path.join(cache, repo), 'fsck']);
  });

  it('starts its cache again when a crash damaged it, and publishes', async () => {
    await publish('one');
    // Empty every object file of the cache (loose or packed), as a killed earlier process
    // could, and forget what this process remembers of it, as a new process would.
    const cache = path.join(dataDir, 'cache');
    const [repo] = fs.readdirSync(cache);
    const objects = path.join(cache, repo, 'objects');
    const emptied: string[] = [];
    for (const dir of fs.readdirSync(objects))
      for (const file of fs.readdirSync(path.join(objects, dir))) {
        fs.writeFileSync(path.join(objects, dir, file), '');
        emptied.push(`${dir}/${file}`);
      }
    expect(emptied.some(f => f.endsWith('.pack'))).toBe(true);
    forgetObjects(path.join(cache, repo));
    fs.rmSync(path.join(cache, repo, 'edge-gitops-verified'));

    await expect(publish('two')).resolves.toMatchObject({ kind: 'committed' });

    const served = path.join(server.root, 'x.git');
    expect(servedFiles()).toEqual(['file-one.txt', 'file-two.txt']);
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
