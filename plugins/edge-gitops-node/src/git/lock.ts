import fs from 'node:fs';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { GIT_TIMINGS } from '../timings';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Serialises writers of one repository, across processes too: a lock file created with
 * O_EXCL. A lock left by a crashed process is taken over after staleMs.
 *
 * @public
 */
export async function withRepositoryLock<T>(
  gitdir: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; staleMs?: number } = {},
): Promise<T> {
  const file = path.join(gitdir, 'edge-gitops.lock');
  const deadline = Date.now() + (opts.timeoutMs ?? GIT_TIMINGS.lockTimeoutMs);
  const staleMs = opts.staleMs ?? GIT_TIMINGS.staleLockMs;
  let wait = 5;
  for (;;) {
    try {
      const handle = await fs.promises.open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > staleMs) {
        await fs.promises.rm(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new ConflictError(
          `repository ${gitdir} is locked by another publish; try again`,
        );
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 200);
    }
  }
  try {
    return await fn();
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}
