import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { gitFs } from './durableFs';

/**
 * Creates a bare repository at `gitdir` whose HEAD names `branch`, unless one is there.
 * Returns whether it created one.
 *
 * @public
 */
export async function ensureBareRepository(
  gitdir: string,
  branch: string,
): Promise<boolean> {
  if (fs.existsSync(path.join(gitdir, 'HEAD'))) return false;
  await fs.promises.mkdir(gitdir, { recursive: true });
  await git.init({ fs: gitFs, dir: gitdir, bare: true, defaultBranch: branch });
  return true;
}

/**
 * Whether `gitdir` holds a repository (without touching the network).
 *
 * @public
 */
export const isRepository = (gitdir: string): boolean =>
  fs.existsSync(path.join(gitdir, 'HEAD'));
