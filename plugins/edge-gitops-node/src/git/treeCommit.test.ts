import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBareRepository } from './bareRepository';
import { commitTreeChanges } from './treeCommit';

describe('commitTreeChanges', () => {
  it('writes objects git itself accepts, trees in git order, the same ids as git computes', async () => {
    const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-tree-'));
    await ensureBareRepository(gitdir, 'main');
    // "a-b.txt" and "a.txt" sort before the folder "a" ("a/"): the case git is strict about.
    const changes = new Map([
      ['a/b.txt', 'in a folder\n'],
      ['a-b.txt', 'dash\n'],
      ['a.txt', 'dot\n'],
      ['z/y/x.yaml', 'kind: ConfigMap\n'],
      ['ünïcode.md', 'utf-8 name\n'],
    ]);
    const result = await commitTreeChanges({
      gitdir,
      branch: 'main',
      changes,
      message: 'test',
      author: { name: 't', email: 't@example.com' },
      timestamp: 1_700_000_000,
    });
    expect(result.kind).toBe('committed');
    const git = (...args: string[]) =>
      execFileSync('git', ['--git-dir', gitdir, ...args], {
        encoding: 'utf8',
      });
    expect(() => git('fsck', '--strict', '--no-dangling')).not.toThrow();
    // Each blob's id is the one git hashes for the same content.
    for (const [file, content] of changes) {
      const tmp = path.join(gitdir, 'content');
      fs.writeFileSync(tmp, content);
      expect(git('rev-parse', `main:${file}`).trim()).toBe(
        git('hash-object', tmp).trim(),
      );
    }
    expect(git('ls-tree', '--name-only', 'main').trim().split('\n')).toEqual([
      'a-b.txt',
      'a.txt',
      'a',
      'z',
      '"\\303\\274n\\303\\257code.md"',
    ]);
  });
});
