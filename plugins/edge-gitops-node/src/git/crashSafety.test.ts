import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { ensureBareRepository } from './bareRepository';
import { createBranchWorkspace } from './branchWorkspace';
import { commitTreeChanges } from './treeCommit';

const author = { name: 'test', email: 'test@example.com' };

function publishOnce(gitdir: string, text: string) {
  return createBranchWorkspace(
    { url: gitdir, branch: 'main', path: '' },
    { dataDir: gitdir, resolveAuth: async () => undefined },
    gitdir,
  ).update(
    dir =>
      commitTreeChanges({
        gitdir: dir,
        branch: 'main',
        changes: new Map([
          ['apps/app-0/file-0.yaml', text],
          ['README.md', `${text}\n`],
        ]),
        message: text,
        author,
      }),
    () => true,
  );
}

function hasBranch(gitdir: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '-q', 'main'], {
      cwd: gitdir,
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

/** What git itself says: every object sound, the branch readable end to end. */
function expectHealthy(gitdir: string) {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: gitdir, stdio: 'pipe' }).toString();
  expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
  expect(git('fsck', '--strict', '--no-dangling')).not.toMatch(
    /error|missing|empty/i,
  );
  if (!hasBranch(gitdir)) return;
  expect(() => git('archive', 'main')).not.toThrow();
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-clone-'));
  execFileSync('git', ['clone', '-q', '--branch', 'main', gitdir, clone]);
}

/**
 * Starts the publishing child and kills it: `ms` after it is ready, or (with `crashAt`) it
 * dies half-way through its crashAt-th file write.
 */
async function killMidPublish(
  gitdir: string,
  ms: number,
  crashAt?: number,
): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, '../__testUtils__/publishForever.ts'),
      gitdir,
      ...(crashAt ? [String(crashAt)] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', d => (out += d));
  child.stderr.on('data', d => (out += d));
  const exited = new Promise(r => child.on('exit', r));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready') && resolve());
    child.on('exit', () => reject(new Error(`child exited early: ${out}`)));
  });
  await Promise.race([exited, new Promise(r => setTimeout(r, ms))]);
  child.kill('SIGKILL');
  await exited;
  return out;
}

describe('a publish killed at any moment', () => {
  jest.setTimeout(120_000);

  it('leaves every branch readable and git fsck --strict clean after the next publish', async () => {
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-crash-'));
    await ensureBareRepository(gitdir, 'main');
    let commitsBeforeKills = 0;
    // Kills land at different points: before the first commit, between objects, between
    // the commit object and the ref.
    // Timed kills from outside, then deaths in the middle of a chosen write: a blob, a
    // tree, the commit, the ref, the verified-commits file (a publish writes about 75 files).
    const kills: Array<[number, number?]> = [
      [40],
      [150],
      [300],
      [560],
      ...[1, 30, 62, 66, 69, 70, 71, 72, 73, 80, 140].map(
        n => [5_000, n] as [number, number],
      ),
    ];
    for (const [ms, crashAt] of kills) {
      const out = await killMidPublish(gitdir, ms, crashAt);
      commitsBeforeKills += (out.match(/committed/g) ?? []).length;
      // Even before any repair, every object on disk is whole: writes are atomic.
      expectHealthy(gitdir);
      const result = await publishOnce(
        gitdir,
        `after a kill at ${ms}/${crashAt}`,
      );
      expect(result.kind).toBe('committed');
      expectHealthy(gitdir);
      expect(hasBranch(gitdir)).toBe(true);
    }
    // The kills did interrupt publishes that were writing (not only idle ones).
    expect(commitsBeforeKills).toBeGreaterThan(0);
  });

  it('writes again an object a crash left empty instead of committing on top of it', async () => {
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-crash-'));
    await ensureBareRepository(gitdir, 'main');
    await publishOnce(gitdir, 'first');
    // An earlier version, killed while writing, left the object of the next content empty.
    const content = 'second';
    const raw = Buffer.from(`blob ${content.length}\0${content}`);
    const oid = crypto.createHash('sha1').update(raw).digest('hex');
    const file = path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    // And an orphan it was half-way through.
    const orphan = path.join(gitdir, 'objects', 'ab', 'c'.repeat(38));
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, zlib.deflateSync(Buffer.from('blob 9\0abc')));
    // Its lock names a process of this host that is gone.
    fs.writeFileSync(
      path.join(gitdir, 'edge-gitops.lock'),
      `${os.hostname()}:${2 ** 22 + 12345}`,
    );

    await publishOnce(gitdir, content);

    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(fs.existsSync(orphan)).toBe(false);
    expectHealthy(gitdir);
  });

  it('refuses to build on a branch whose objects are gone, naming the repository', async () => {
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-crash-'));
    await ensureBareRepository(gitdir, 'main');
    await publishOnce(gitdir, 'first');
    // Damage nobody can repair: the files that only the branch's history holds.
    fs.rmSync(path.join(gitdir, 'edge-gitops-verified'));
    const readme = execFileSync('git', ['rev-parse', 'main:README.md'], {
      cwd: gitdir,
    })
      .toString()
      .trim();
    fs.writeFileSync(
      path.join(gitdir, 'objects', readme.slice(0, 2), readme.slice(2)),
      '',
    );
    await expect(publishOnce(gitdir, 'second')).rejects.toThrow(
      `repository ${gitdir} is damaged: object ${readme} cannot be read`,
    );
    expect(
      execFileSync('git', ['log', '--format=%s', 'main'], { cwd: gitdir })
        .toString()
        .trim(),
    ).toBe('first');
  });
});
