import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';
import { ensureBareRepository } from './bareRepository';
import { authHeaders } from './credentials';
import { createGitHttp } from './gitHttp';
import { objectsMissingFrom, packObjects } from './objects';
import {
  advertisedRefs,
  GitHttpStatusError,
  GitRefRejectedError,
  parseRefAdvertisement,
  pktLine,
  receivePack,
  ZERO_OID,
} from './smartHttp';
import { commitTreeChanges } from './treeCommit';

const flush = Buffer.from('0000');

describe('parseRefAdvertisement', () => {
  it('reads refs and the first line’s capabilities', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const body = Buffer.concat([
      pktLine('# service=git-upload-pack\n'),
      flush,
      pktLine(`${a} HEAD\0multi_ack symref=HEAD:refs/heads/main agent=git/2\n`),
      pktLine(`${a} refs/heads/main\n`),
      pktLine(`${b} refs/tags/v1\n`),
      pktLine(`${a} refs/tags/v1^{}\n`),
      flush,
    ]);
    const { refs, capabilities } = parseRefAdvertisement(
      body,
      'git-upload-pack',
    );
    expect([...refs]).toEqual([
      ['HEAD', a],
      ['refs/heads/main', a],
      ['refs/tags/v1', b],
    ]);
    expect(capabilities.has('multi_ack')).toBe(true);
  });

  it('reads an empty repository as no refs', () => {
    const body = Buffer.concat([
      pktLine('# service=git-receive-pack\n'),
      flush,
      pktLine(`${ZERO_OID} capabilities^{}\0report-status delete-refs\n`),
      flush,
    ]);
    const { refs, capabilities } = parseRefAdvertisement(
      body,
      'git-receive-pack',
    );
    expect(refs.size).toBe(0);
    expect(capabilities.has('report-status')).toBe(true);
  });

  it('refuses what is not git', () => {
    expect(() =>
      parseRefAdvertisement(
        Buffer.from('<html>login</html>'),
        'git-upload-pack',
      ),
    ).toThrow();
    expect(() =>
      parseRefAdvertisement(
        Buffer.concat([
          pktLine('# service=git-upload-pack\n'),
          Buffer.from('00ff'),
        ]),
        'git-upload-pack',
      ),
    ).toThrow('cut pkt-line');
  });
});

describe('receivePack against git http-backend', () => {
  const password = 'push-s3cret';
  let server: GitHttpServer;
  const headers = authHeaders({ username: 'u', password });

  beforeAll(async () => {
    server = await startGitHttpServer({
      root: fs.mkdtempSync(path.join(os.tmpdir(), 'eg-smart-')),
      username: 'u',
      password,
    });
  });
  afterAll(() => server.close());

  async function localCommit(
    gitdir: string,
    content: string,
    timestamp: number,
  ) {
    const result = await commitTreeChanges({
      gitdir,
      branch: 'main',
      changes: new Map([['apps/x/app.yaml', content]]),
      message: 'x',
      author: { name: 't', email: 't@example.com' },
      timestamp,
    });
    if (result.kind !== 'committed') throw new Error('expected a commit');
    return result;
  }

  it('pushes a first commit and then a change, which git on the server reads back', async () => {
    const remote = server.createBareRepository('first.git');
    const url = `${server.url}/first.git`;
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-smart-local-'));
    await ensureBareRepository(gitdir, 'main');

    const before = await advertisedRefs(
      createGitHttp(),
      url,
      'git-receive-pack',
      headers,
    );
    expect(before.refs.size).toBe(0);
    expect(before.capabilities.has('report-status')).toBe(true);

    const one = await localCommit(gitdir, 'v: 1\n', 1_700_000_000);
    await receivePack(createGitHttp(), {
      url,
      ref: 'refs/heads/main',
      oldOid: ZERO_OID,
      newOid: one.sha,
      pack: packObjects(await objectsMissingFrom(gitdir, one.sha, undefined)),
      headers,
    });
    const two = await localCommit(gitdir, 'v: 2\n', 1_700_000_100);
    await receivePack(createGitHttp(), {
      url,
      ref: 'refs/heads/main',
      oldOid: one.sha,
      newOid: two.sha,
      pack: packObjects(await objectsMissingFrom(gitdir, two.sha, one.sha)),
      headers,
    });

    const git = (...args: string[]) =>
      execFileSync('git', ['--git-dir', remote, ...args], { encoding: 'utf8' });
    expect(git('rev-parse', 'main').trim()).toBe(two.sha);
    expect(git('show', 'main:apps/x/app.yaml')).toBe('v: 2\n');
    expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
    const after = await advertisedRefs(
      createGitHttp(),
      url,
      'git-upload-pack',
      headers,
    );
    expect(after.refs.get('refs/heads/main')).toBe(two.sha);
  });

  it('is refused when the branch is no longer where the push says it is', async () => {
    server.createBareRepository('moved.git');
    const url = `${server.url}/moved.git`;
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-smart-local-'));
    await ensureBareRepository(gitdir, 'main');
    const one = await localCommit(gitdir, 'v: 1\n', 1_700_000_000);
    const pack = packObjects(
      await objectsMissingFrom(gitdir, one.sha, undefined),
    );
    // The server's branch does not exist, but the push claims it was at some commit.
    await expect(
      receivePack(createGitHttp(), {
        url,
        ref: 'refs/heads/main',
        oldOid: 'c'.repeat(40),
        newOid: one.sha,
        pack,
        headers,
      }),
    ).rejects.toBeInstanceOf(GitRefRejectedError);
  });

  it('answers refused credentials with the HTTP status and never the password', async () => {
    server.createBareRepository('auth.git');
    const wrong = authHeaders({ username: 'u', password: 'wrong-pass' });
    const error = await advertisedRefs(
      createGitHttp(),
      `${server.url}/auth.git`,
      'git-receive-pack',
      wrong,
    ).catch(e => e);
    expect(error).toBeInstanceOf(GitHttpStatusError);
    expect(error.data.statusCode).toBe(401);
    expect(String(error.message)).not.toContain('wrong-pass');
  });
});
