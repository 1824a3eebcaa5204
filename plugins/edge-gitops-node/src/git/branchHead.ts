import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import {
  gitRepositoryKey,
  GitLocation,
} from '@edge-gitops/plugin-edge-gitops-common';
import { GIT_TIMINGS } from '../timings';
import {
  LocalRepositoryRoots,
  resolveLocalRepositoryPath,
} from './localRepository';
import {
  GitAuth,
  gitAuthCallback,
  GitAuthResolver,
  redact,
} from './credentials';
import { resolveBranch } from './treeCommit';

/** @public */
export interface BranchHead {
  /** The commit the branch points at; undefined when the branch does not exist yet. */
  head?: string;
  /** Why the head could not be read (credentials redacted). */
  error?: string;
}

/** @public */
export interface BranchHeadOptions extends LocalRepositoryRoots {
  resolveAuth: GitAuthResolver;
}

/**
 * The head of a node group's git location: read from the bare repository when it is
 * local, asked of the server (ls-remote, no fetch) when it is remote.
 *
 * @public
 */
export async function readBranchHead(
  location: GitLocation,
  opts: BranchHeadOptions,
): Promise<BranchHead> {
  const gitdir = resolveLocalRepositoryPath(location.url, opts);
  const ref = `refs/heads/${location.branch}`;
  let auth: GitAuth | undefined;
  try {
    if (gitdir) return { head: await resolveBranch(gitdir, location.branch) };
    auth = await opts.resolveAuth(location.url);
    const refs = await git.listServerRefs({
      http,
      url: location.url,
      prefix: ref,
      onAuth: gitAuthCallback(auth),
    });
    return { head: refs.find(r => r.ref === ref)?.oid };
  } catch (e: any) {
    return { error: redact(String(e?.message ?? e), auth).slice(0, 300) };
  }
}

/**
 * Reads branch heads at most once per `ttlMs` per location, and once at a time: the status
 * page asks for every node group's head on every refresh.
 *
 * @public
 */
export function createBranchHeadReader(
  opts: BranchHeadOptions & { ttlMs?: number },
): (location: GitLocation) => Promise<BranchHead> {
  const ttlMs = opts.ttlMs ?? GIT_TIMINGS.remoteHeadTtlMs;
  const cache = new Map<string, { at: number; value: Promise<BranchHead> }>();
  return location => {
    // Local heads cost one file read: always current. A refused location is not cached:
    // readBranchHead answers with the reason.
    if (isLocalOrRefused(location, opts)) return readBranchHead(location, opts);
    const key = gitRepositoryKey(location);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = readBranchHead(location, opts);
    cache.set(key, { at: Date.now(), value });
    return value;
  };
}

function isLocalOrRefused(
  location: GitLocation,
  roots: LocalRepositoryRoots,
): boolean {
  try {
    return Boolean(resolveLocalRepositoryPath(location.url, roots));
  } catch {
    return true;
  }
}
