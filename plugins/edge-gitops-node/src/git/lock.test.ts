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

  it('gives up with a ConflictError when another writer keeps the lock', async () => {
    const dir = gitdir();
    fs.writeFileSync(path.join(dir, 'edge-gitops.lock'), '12345');
    const attempt = withRepositoryLock(dir, async () => 'ran', {
      timeoutMs: 200,
    });
    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(/is locked by another publish/);
  });
});
