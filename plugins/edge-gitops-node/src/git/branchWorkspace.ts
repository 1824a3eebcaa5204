import crypto from 'node:crypto';
import nodeFs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { gitFs as fs, markDisposable } from './durableFs';
import { ConflictError } from '@backstage/errors';
import {
  gitRepositoryKey,
  GitLocation,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  ensureBareRepository,
  initBareRepository,
  isRepository,
} from './bareRepository';
import {
  authHeaders,
  GitAuth,
  gitAuthCallback,
  GitAuthResolver,
  redact,
} from './credentials';
import { GIT_TIMINGS } from '../timings';
import { createGitHttp, GitHttpClient, GitHttpTimeouts } from './gitHttp';
import { withRepositoryLock } from './lock';
import {
  DamagedRepositoryError,
  VERIFIED_FILE,
  verifyCommit,
} from './repositoryCheck';
import { resolveBranch } from './treeCommit';
import { lsRemoteBranch } from './branchHead';
import {
  forgetObjects,
  objectsMissingFrom,
  packCount,
  packObjects,
} from './objects';
import {
  advertisedRefs,
  GitRefRejectedError,
  receivePack,
  ZERO_OID,
} from './smartHttp';

/**
 * A branch of a repository that can be changed through a local bare git directory.
 * `update` runs `fn` against an up-to-date gitdir and makes its commit visible to the
 * node group's GitOps agent: directly for a local repository, by a push for a remote one.
 *
 * @public
 */
export interface BranchWorkspace {
  readonly location: GitLocation;
  /** True when it is known without I/O over the network that the repository does not exist. */
  isMissing(): boolean;
  update<T>(
    fn: (gitdir: string, head: string | undefined) => Promise<T>,
    changed: (t: T) => boolean,
    opts?: UpdateOptions,
  ): Promise<T>;
  /**
   * Whether commit `later` is `commit` or builds on it, as far as this copy of the
   * repository knows (a remote's cache holds what we fetched and pushed): false when unsure.
   */
  contains(later: string, commit: string): Promise<boolean>;
}

/** Packs a publish cache may hold before it is started again (see RemoteBranch.update). */
const MAX_CACHE_PACKS = 50;

/** Ancestry walks stop here: a batch job asks about commits made minutes apart. */
const MAX_ANCESTRY_DEPTH = 1000;

async function containsCommit(
  gitdir: string,
  later: string,
  commit: string,
): Promise<boolean> {
  if (later === commit) return true;
  try {
    return await git.isDescendent({
      fs,
      gitdir,
      oid: later,
      ancestor: commit,
      depth: MAX_ANCESTRY_DEPTH,
    });
  } catch {
    return false; // a commit this copy does not have, or history cut by a shallow fetch
  }
}

/** @public */
export interface UpdateOptions {
  /** Push this branch (forced: a review branch belongs to edge-gitops) instead of the location's branch. */
  pushBranch?: string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

class LocalBranch implements BranchWorkspace {
  constructor(
    readonly location: GitLocation,
    private readonly gitdir: string,
  ) {}

  isMissing(): boolean {
    return !isRepository(this.gitdir);
  }

  contains(later: string, commit: string): Promise<boolean> {
    return containsCommit(this.gitdir, later, commit);
  }

  async update<T>(
    fn: (gitdir: string, head: string | undefined) => Promise<T>,
  ): Promise<T> {
    await ensureBareRepository(this.gitdir, this.location.branch);
    return withRepositoryLock(this.gitdir, async () => {
      const head = await resolveBranch(this.gitdir, this.location.branch);
      // Never build on damage: what the branch reaches must read back intact.
      if (head) await verifyCommit(this.gitdir, head);
      return fn(this.gitdir, head);
    });
  }
}

class RemoteBranch implements BranchWorkspace {
  constructor(
    readonly location: GitLocation,
    private readonly cacheDir: string,
    private readonly resolveAuth: GitAuthResolver,
    private readonly maxAttempts: number,
    private readonly timeouts: Partial<GitHttpTimeouts> | undefined,
  ) {}

  isMissing(): boolean {
    return false; // only the server knows
  }

  /** The cache folder's name is a hash: the URL is untrusted text, never a path. */
  private gitdir(): string {
    const key = crypto
      .createHash('sha256')
      .update(gitRepositoryKey(this.location))
      .digest('hex')
      .slice(0, 24);
    return path.join(this.cacheDir, `${key}.git`);
  }

  async contains(later: string, commit: string): Promise<boolean> {
    const gitdir = this.gitdir();
    if (!isRepository(gitdir)) return later === commit;
    return containsCommit(gitdir, later, commit);
  }

  private async fetch(
    gitdir: string,
    auth: GitAuth | undefined,
    http: GitHttpClient,
  ): Promise<string | undefined> {
    const ref = `refs/heads/${this.location.branch}`;
    // The remote holds the URL only; credentials travel in the Authorization header.
    await git.addRemote({
      fs,
      gitdir,
      remote: 'origin',
      url: this.location.url,
      force: true,
    });
    let fetchHead: string | null | undefined;
    try {
      const result = await git.fetch({
        fs,
        http,
        gitdir,
        remote: 'origin',
        ref: this.location.branch,
        singleBranch: true,
        depth: 1,
        tags: false,
        headers: authHeaders(auth),
        onAuth: gitAuthCallback(auth),
      });
      // A cut answer can parse as a short valid one: a timeout is a failure whatever it read.
      const cut = http.timedOut();
      if (cut) throw cut;
      fetchHead = result.fetchHead;
    } catch (e: any) {
      // Only a remote without the branch (an empty repository) is fine: the first publish creates it.
      const missingBranch =
        !http.timedOut() &&
        e?.code === 'NotFoundError' &&
        String(e?.data?.what ?? e?.message).includes(this.location.branch);
      if (!missingBranch) {
        throw new Error(
          `fetch ${redact(this.location.url)} failed: ${redact(
            describeHttpError(http.timedOut() ?? e, auth),
            auth,
          )}`,
        );
      }
    }
    // Never build on what this cache held before: the branch is exactly what the remote has.
    if (fetchHead)
      await git.writeRef({ fs, gitdir, ref, value: fetchHead, force: true });
    else await git.deleteRef({ fs, gitdir, ref }).catch(() => undefined);
    return fetchHead ?? undefined;
  }

  async update<T>(
    fn: (gitdir: string, head: string | undefined) => Promise<T>,
    changed: (t: T) => boolean,
    opts?: UpdateOptions,
  ): Promise<T> {
    const auth = await this.resolveAuth(this.location.url);
    const gitdir = this.gitdir();
    await ensureBareRepository(gitdir, this.location.branch);
    // The cache is shared by every publish to this repository in this process and others.
    return withRepositoryLock(gitdir, async () => {
      // Each changed publish leaves a small pack in the cache; past a bound the copy starts
      // again (the next push is refused and we fetch) rather than every read look through them.
      if ((await packCount(gitdir)) > MAX_CACHE_PACKS)
        await resetCache(gitdir, this.location.branch);
      // The node group's deadline starts once it is our turn to use the cache.
      const http = createGitHttp(this.timeouts);
      try {
        return await this.updateCache(gitdir, auth, http, fn, changed, opts);
      } catch (e) {
        if (!(e instanceof DamagedRepositoryError)) throw e;
        // The cache is only a copy of the server's branch: start it again rather than fail.
        await resetCache(gitdir, this.location.branch);
        return await this.updateCache(gitdir, auth, http, fn, changed, opts);
      }
    });
  }

  /** The commit the server's branch points at (one ls-remote request), undefined when none. */
  private async remoteHead(
    auth: GitAuth | undefined,
    http: GitHttpClient,
  ): Promise<string | undefined> {
    try {
      const head = await lsRemoteBranch(this.location, auth, http);
      const cut = http.timedOut();
      if (cut) throw cut;
      return head;
    } catch (e) {
      throw new Error(
        `reading the branches of ${redact(this.location.url)} failed: ${redact(
          describeHttpError(http.timedOut() ?? e, auth),
          auth,
        )}`,
      );
    }
  }

  /**
   * Builds on the cached head and asks the server as little as possible: a change is pushed
   * straight away, and the push itself tells whether the branch was still where we built
   * (if not, nothing is sent: fetch, apply again, push again); no change costs one ls-remote
   * to confirm the cache was current. An empty cache builds on nothing (right for a new
   * repository; otherwise the push finds the branch and we fetch). A review branch is built
   * on a fresh fetch.
   */
  private async updateCache<T>(
    gitdir: string,
    auth: GitAuth | undefined,
    http: GitHttpClient,
    fn: (gitdir: string, head: string | undefined) => Promise<T>,
    changed: (t: T) => boolean,
    opts?: UpdateOptions,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // The first attempt builds on the cache (empty: on nothing); later ones on a fetch.
      const fromCache = attempt === 1 && !opts?.pushBranch;
      const head = fromCache
        ? await resolveBranch(gitdir, this.location.branch)
        : await this.fetch(gitdir, auth, http);
      if (head) await verifyCommit(gitdir, head);
      const result = await fn(gitdir, head);
      if (!changed(result)) {
        // Nothing to push: right only if the server's branch is where we looked.
        if (!fromCache || (await this.remoteHead(auth, http)) === head)
          return result;
        continue;
      }
      const branch = opts?.pushBranch ?? this.location.branch;
      const ref = `refs/heads/${branch}`;
      const headers = authHeaders(auth);
      try {
        // The node group's branch must still be where we built: the update names `head` as
        // its old value, so the server itself refuses it if the branch moved (one request,
        // no advertisement first). A review branch belongs to edge-gitops and is replaced
        // whatever it holds, so we ask where it is.
        const oldOid = opts?.pushBranch
          ? (
              await advertisedRefs(
                http,
                this.location.url,
                'git-receive-pack',
                headers,
              )
            ).refs.get(ref) ?? ZERO_OID
          : head ?? ZERO_OID;
        const commit = await resolveBranch(gitdir, branch);
        if (!commit) throw new Error(`nothing to push on ${branch}`);
        // The server holds `head`: where its branch is, or what we fetched (if our cache
        // is wrong about that, the server refuses the update and we fetch).
        const objects =
          commit === head ? [] : await objectsMissingFrom(gitdir, commit, head);
        await receivePack(http, {
          url: this.location.url,
          ref,
          oldOid,
          newOid: commit,
          pack: packObjects(objects),
          headers,
        });
        const cut = http.timedOut();
        if (cut) throw cut;
        return result;
      } catch (e: any) {
        if (!(e instanceof GitRefRejectedError)) {
          throw new Error(
            `push to ${redact(this.location.url)} failed: ${redact(
              describeHttpError(http.timedOut() ?? e, auth),
              auth,
            )}`,
          );
        }
        // Built on our cache, which was behind the server: fetch and go again at once.
        if (fromCache) continue;
        // Someone pushed first: fetch their commit and apply ours again on top.
        if (attempt >= this.maxAttempts) {
          throw new ConflictError(
            `push to ${redact(
              this.location.url,
            )} was rejected ${attempt} times (last: ${redact(
              e.message,
              auth,
            )}): others keep pushing; try again`,
          );
        }
        await sleep(pushBackoffMs(attempt));
      }
    }
  }
}

/**
 * How long to wait before applying our change again after a rejected push: exponential,
 * with full jitter so that publishers who collided do not collide again in step.
 */
export function pushBackoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(
    GIT_TIMINGS.pushBackoffMaxMs,
    GIT_TIMINGS.pushBackoffBaseMs * 2 ** (attempt - 1),
  );
  return Math.round(random() * ceiling);
}

/** Empties a cache repository but keeps the folder, which holds the lock we are under. */
async function resetCache(gitdir: string, branch: string): Promise<void> {
  forgetObjects(gitdir);
  for (const name of [
    'objects',
    'refs',
    'shallow',
    'packed-refs',
    'config',
    VERIFIED_FILE,
  ])
    await nodeFs.promises.rm(path.join(gitdir, name), {
      recursive: true,
      force: true,
    });
  await initBareRepository(gitdir, branch);
}

function describeHttpError(e: any, auth: GitAuth | undefined): string {
  // isomorphic-git answers a 401 with a call to onAuth, which cancels when we have nothing.
  const status = e?.code === 'UserCanceledError' ? 401 : e?.data?.statusCode;
  if (status === 401 || status === 403)
    return auth
      ? `the git host refused the credentials from ${
          auth.source ?? 'the configuration'
        } (HTTP ${status})`
      : `the git host asks for credentials (HTTP ${status}) and none are configured for it`;
  if (status) return `HTTP ${status} ${e?.data?.statusMessage ?? ''}`.trim();
  return e?.message ?? String(e);
}

/** @public */
export interface WorkspaceFactoryOptions {
  dataDir: string;
  resolveAuth: GitAuthResolver;
  maxPushAttempts?: number;
  timeouts?: Partial<GitHttpTimeouts>;
}

/**
 * Chooses how to reach a git location: local path, or HTTPS through a cache.
 *
 * @public
 */
export function createBranchWorkspace(
  location: GitLocation,
  opts: WorkspaceFactoryOptions,
  localPath?: string,
): BranchWorkspace {
  if (localPath) return new LocalBranch(location, localPath);
  const cacheDir = path.join(opts.dataDir, 'cache');
  markDisposable(cacheDir);
  return new RemoteBranch(
    location,
    cacheDir,
    opts.resolveAuth,
    opts.maxPushAttempts ?? 5,
    opts.timeouts,
  );
}
