import fs from 'node:fs';
import path from 'node:path';
import { gitFs, isDamagedLooseObject, TEMP_PREFIX } from './durableFs';
import { commitParents, commitTree, parseTree, readGitObject } from './objects';

/** Commits whose whole history was read back intact, so later checks can stop at them. */
export const VERIFIED_FILE = 'edge-gitops-verified';
const VERIFIED_KEPT = 64;

/**
 * A repository whose objects cannot be read back: a publish refuses to build on it.
 *
 * @public
 */
export class DamagedRepositoryError extends Error {
  constructor(gitdir: string, oid: string, cause: unknown) {
    super(
      `repository ${gitdir} is damaged: object ${oid} cannot be read (${
        (cause as Error)?.message ?? cause
      }); run git fsck there`,
    );
    this.name = 'DamagedRepositoryError';
  }
}

async function readLines(file: string): Promise<string[]> {
  const text = await fs.promises.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(line => /^[0-9a-f]{40}$/.test(line));
}

/**
 * Proves that a commit and everything it reaches can be read: each commit is compared with
 * its first parent and only entries that differ are read, down to a commit verified before,
 * a shallow boundary or the root. So the cost follows the change, once the history is known.
 * A commit that passes is remembered, so the next check stops there.
 */
export async function verifyCommit(gitdir: string, sha: string): Promise<void> {
  const verifiedFile = path.join(gitdir, VERIFIED_FILE);
  const remembered = await readLines(verifiedFile);
  const verified = new Set(remembered);
  if (verified.has(sha)) return;
  const shallow = new Set(await readLines(path.join(gitdir, 'shallow')));
  const seen = new Set<string>();

  const read = async (oid: string) => {
    try {
      return (await readGitObject(gitdir, oid)).content;
    } catch (e) {
      throw new DamagedRepositoryError(gitdir, oid, e);
    }
  };
  const readTree = async (oid: string) => parseTree(await read(oid));
  const isTree = (mode: string) => mode === '40000' || mode === '040000';

  // Reads every object of `tree` that is not the same object at the same path of `base`.
  const walk = async (tree: string, base?: string): Promise<void> => {
    if (tree === base || seen.has(tree)) return;
    seen.add(tree);
    const entries = await readTree(tree);
    const before = new Map(
      (base ? await readTree(base) : []).map(e => [e.path, e]),
    );
    for (const entry of entries) {
      const old = before.get(entry.path);
      if (old?.oid === entry.oid || entry.mode === '160000') continue;
      if (isTree(entry.mode))
        await walk(entry.oid, old && isTree(old.mode) ? old.oid : undefined);
      else if (!seen.has(entry.oid)) {
        seen.add(entry.oid);
        await read(entry.oid);
      }
    }
  };

  const queue = [sha];
  while (queue.length) {
    const oid = queue.shift()!;
    if (verified.has(oid) || seen.has(oid)) continue;
    seen.add(oid);
    const commit = await read(oid);
    const parents = shallow.has(oid) ? [] : commitParents(commit);
    const parentTree = parents.length
      ? commitTree(await read(parents[0]))
      : undefined;
    await walk(commitTree(commit), parentTree);
    queue.push(...parents);
  }
  // Durable in a repository of record; in a publish cache, only atomic (see durableFs).
  await gitFs.promises.writeFile(
    verifiedFile,
    `${[...remembered, sha].slice(-VERIFIED_KEPT).join('\n')}\n`,
  );
}

/**
 * Clears what a killed writer can leave behind: its temporary files and loose objects
 * that do not hold what their name promises (an earlier version wrote objects in place).
 * Runs when a lock is taken over from a process that is gone. Returns what it removed.
 */
export async function sweepAfterCrash(gitdir: string): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await fs.promises
      .readdir(dir, { withFileTypes: true })
      .catch(() => []);
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'pack') await visit(file);
      } else if (
        entry.name.startsWith(TEMP_PREFIX) ||
        (entry.isFile() && (await isDamagedLooseObject(file)))
      ) {
        await fs.promises.rm(file, { force: true });
        removed.push(path.relative(gitdir, file));
      }
    }
  };
  await visit(gitdir);
  return removed;
}
