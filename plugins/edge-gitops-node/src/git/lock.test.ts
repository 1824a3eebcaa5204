import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { withRepositoryLock } from './lock';

describe('withRepositoryLock', () => {
  const gitdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-lock-'));

  it('runs writers of one repository one after another', async () => {
    const dir = gitdir();
    const order: string[] = [];
    const writer = (name: string) =>
      withRepositoryLock(dir, async () => {
        order.push(`${name} in`);
        await new Promise(r => setTimeout(r, 30));
        order.push(`${name} out`);
      });
    await Promise.all([writer('a'), writer('b')]);
    expect(order).toEqual(
      expect.arrayContaining(['a in', 'a out', 'b in', 'b out']),
    );
    expect(order[1]).toMatch(/out$/);
    expect(fs.existsSync(path.join(dir, 'edge-gitops.lock'))).toBe(false);
  });

  it('takes over at once a lock whose holder process is gone', async () => {
    const dir = gitdir();
    // A pid that no process has: the child we start and wait for.
    const { pid } = spawnSync('true');
    fs.writeFileSync(
      path.join(dir, 'edge-gitops.lock'),
      `${os.hostname()}:${pid}`,
    );
    // Stale locks are taken over after two minutes; this one within the 5 s timeout.
    await expect(
      withRepositoryLock(dir, async () => 'ran', { timeoutMs: 5_000 }),
    ).resolves.toBe('ran');
  });

  it('gives up with a ConflictError when a live writer keeps the lock', async () => {
    const dir = gitdir();
    // This very process (the test runner) holds it: alive.
    fs.writeFileSync(
      path.join(dir, 'edge-gitops.lock'),
      `${os.hostname()}:${process.ppid}`,
    );
    const attempt = withRepositoryLock(dir, async () => 'ran', {
      timeoutMs: 200,
    });
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(/is locked by another publish/);
  });
});
