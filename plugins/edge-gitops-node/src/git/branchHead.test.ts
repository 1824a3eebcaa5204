import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';
import { createBranchHeadReader, readBranchHead } from './branchHead';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-head-'));
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

/** Makes a commit on `main` of a bare repository with the git CLI; returns its SHA. */
function commitOn(gitdir: string, message: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', gitdir, ...args], {
      encoding: 'utf8',
      env: gitEnv,
      input: '',
    }).trim();
  const tree = git('mktree');
  const parent = (() => {
    try {
      return ['-p', git('rev-parse', '--verify', '-q', 'refs/heads/main')];
    } catch {
      return [];
    }
  })();
  const sha = git('commit-tree', tree, ...parent, '-m', message);
  git('update-ref', 'refs/heads/main', sha);
  return sha;
}

describe('readBranchHead', () => {
  const password = 'h3ad-secret';
  let server: GitHttpServer;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = tmp();
    server = await startGitHttpServer({
      root: tmp(),
      username: 'edge',
      password,
    });
  });
  afterEach(() => server.close());

  const auth =
    (pw = password) =>
    async () => ({ username: 'edge', password: pw });

  it('reads a local bare repository under the data directory', async () => {
    const gitdir = path.join(dataDir, 'repos', 'sh-01.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', gitdir]);
    const location = { url: 'repos/sh-01.git', branch: 'main', path: '' };
    expect(
      await readBranchHead(location, { dataDir, resolveAuth: auth() }),
    ).toEqual({
      local: true,
      head: undefined,
    });
    const sha = commitOn(gitdir, 'first');
    expect(
      await readBranchHead(location, { dataDir, resolveAuth: auth() }),
    ).toEqual({
      local: true,
      head: sha,
    });
  });

  it('asks a remote server for the head without fetching, at most once per ttl', async () => {
    const gitdir = server.createBareRepository('edge.git');
    const first = commitOn(gitdir, 'first');
    const location = {
      url: `${server.url}/edge.git`,
      branch: 'main',
      path: 'sh-01',
    };
    const read = createBranchHeadReader({
      dataDir,
      resolveAuth: auth(),
      ttlMs: 60_000,
    });
    expect(await read(location)).toEqual({ local: false, head: first });
    commitOn(gitdir, 'second');
    const asked = server.requests.length;
    expect(await read(location)).toEqual({ local: false, head: first });
    expect(server.requests.length).toBe(asked);
    expect(
      server.requests.every(
        r => !r.path.endsWith('git-upload-pack') || r.method === 'GET',
      ),
    ).toBe(true);
  });

  it('says why when the server refuses the credentials, without the password', async () => {
    server.createBareRepository('edge.git');
    const wrong = 'wr0ng-pa55word';
    const result = await readBranchHead(
      { url: `${server.url}/edge.git`, branch: 'main', path: '' },
      { dataDir, resolveAuth: auth(wrong) },
    );
    expect(result.head).toBeUndefined();
    expect(result.error).toMatch(/401|auth/i);
    expect(result.error).not.toContain(wrong);
  });

  it('answers a location outside the data folder with the reason, never rejecting', async () => {
    const read = createBranchHeadReader({ dataDir, resolveAuth: auth() });
    const refused = { url: '/etc/edge.git', branch: 'main', path: '' };
    for (const answer of [
      await read(refused),
      await readBranchHead(refused, { dataDir, resolveAuth: auth() }),
    ]) {
      expect(answer.local).toBe(true);
      expect(answer.head).toBeUndefined();
      expect(answer.error).toMatch(/outside the data folder/);
    }
  });
});
