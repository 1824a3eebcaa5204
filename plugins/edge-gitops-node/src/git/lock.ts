import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { GIT_TIMINGS } from '../timings';
import { TEMP_PREFIX } from './durableFs';
import { sweepAfterCrash } from './repositoryCheck';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Serialises writers of one repository, across processes too: a lock file created
 * atomically (a hard link), holding the host and pid of its holder. A lock whose holder is
 * a process of this host that no longer runs is taken over at once, and the repository is
 * swept of what that process left; one from another host (a shared folder) after staleMs.
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
  let holderCrashed = false;
  for (;;) {
    try {
      await createWithContent(file, `${os.hostname()}:${process.pid}`);
      break;
    } catch (e: any) {
      if (e.code !== 'EEXIST') throw e;
      const stat = await fs.promises.stat(file).catch(() => undefined);
      const holder = await fs.promises.readFile(file, 'utf8').catch(() => '');
      if (
        holderIsGone(holder) ||
        (stat && Date.now() - stat.mtimeMs > staleMs)
      ) {
        await fs.promises.rm(file, { force: true });
        holderCrashed = true;
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
    // A holder that died mid-write may have left temporary files or damaged objects.
    if (holderCrashed) await sweepAfterCrash(gitdir);
    return await fn();
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}

/**
 * Creates `file` holding `content`, failing with EEXIST when it exists. The content is
 * written to a file of our own first and then linked into place, so a lock never exists
 * without its holder's name (a process killed between create and write would leave one).
 */
async function createWithContent(file: string, content: string) {
  const own = path.join(
    path.dirname(file),
    `${TEMP_PREFIX}lock-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  await fs.promises.writeFile(own, content);
  try {
    await fs.promises.link(own, file);
  } finally {
    await fs.promises.rm(own, { force: true });
  }
}

/** Whether the lock's holder was a process on this host that no longer runs. */
function holderIsGone(holder: string): boolean {
  const match = /^(.*):(\d+)$/.exec(holder.trim());
  if (!match || match[1] !== os.hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (e: any) {
    return e?.code === 'ESRCH';
  }
}
