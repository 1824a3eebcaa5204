import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { gitFs, isDisposable } from './durableFs';

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
  await initBareRepository(gitdir, branch);
  return true;
}

/**
 * Writes a bare repository's skeleton into `gitdir`. A repository of record gets git's full
 * layout; a publish cache (durableFs' markDisposable) only what git needs to call it a
 * repository (objects, refs, config, HEAD): a first publish to a fleet creates one per node
 * group, and the rest is folders nobody reads. HEAD comes last, so a crash half-way leaves
 * no repository rather than half of one.
 */
export async function initBareRepository(
  gitdir: string,
  branch: string,
): Promise<void> {
  if (!isDisposable(gitdir)) {
    await git.init({
      fs: gitFs,
      dir: gitdir,
      bare: true,
      defaultBranch: branch,
    });
    return;
  }
  await fs.promises.mkdir(path.join(gitdir, 'objects'), { recursive: true });
  await fs.promises.mkdir(path.join(gitdir, 'refs', 'heads'), {
    recursive: true,
  });
  await gitFs.promises.writeFile(
    path.join(gitdir, 'config'),
    '[core]\n\trepositoryformatversion = 0\n\tbare = true\n',
  );
  await gitFs.promises.writeFile(
    path.join(gitdir, 'HEAD'),
    `ref: refs/heads/${branch}\n`,
  );
}

/**
 * Whether `gitdir` holds a repository (without touching the network).
 *
 * @public
 */
export const isRepository = (gitdir: string): boolean =>
  fs.existsSync(path.join(gitdir, 'HEAD'));
