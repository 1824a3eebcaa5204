import { createGitHttp, GitHttpClient, GitHttpTimeouts } from './gitHttp';
import {
  gitRepositoryKey,
  GitLocation,
} from '@edge-gitops/plugin-edge-gitops-common';
import { GIT_TIMINGS } from '../timings';
import {
  LocalRepositoryRoots,
  resolveLocalRepositoryPath,
} from './localRepository';
import { authHeaders, GitAuth, GitAuthResolver, redact } from './credentials';
import { resolveBranch } from './treeCommit';
import { advertisedRefs } from './smartHttp';

/**
 * The commit a server's branch points at, or undefined when there is no such branch: one
 * request (protocol v1's ref advertisement, credentials sent with it).
 */
export async function lsRemoteBranch(
  location: GitLocation,
  auth: GitAuth | undefined,
  http: GitHttpClient,
): Promise<string | undefined> {
  const { refs } = await advertisedRefs(
    http,
    location.url,
    'git-upload-pack',
    authHeaders(auth),
  );
  return refs.get(`refs/heads/${location.branch}`);
}

/** @public */
export interface BranchHead {
  /** Whether the location is (or claims to be) a repository on this machine. */
  local: boolean;
  /** The commit the branch points at; undefined when the branch does not exist yet. */
  head?: string;
  /** Why the head could not be read (credentials redacted), or why the location is refused. */
  error?: string;
}

/** @public */
export interface BranchHeadOptions extends LocalRepositoryRoots {
  resolveAuth: GitAuthResolver;
  gitTimeouts?: Partial<GitHttpTimeouts>;
}

/** Where a location lives: a local gitdir, remote, or refused (with the reason). */
type Located =
  | { kind: 'local'; gitdir: string }
  | { kind: 'remote' }
  | { kind: 'refused'; error: string };

function locate(location: GitLocation, roots: LocalRepositoryRoots): Located {
  try {
    const gitdir = resolveLocalRepositoryPath(location.url, roots);
    return gitdir ? { kind: 'local', gitdir } : { kind: 'remote' };
  } catch (e) {
    return { kind: 'refused', error: (e as Error).message };
  }
}

async function headAt(
  location: GitLocation,
  where: Located,
  opts: BranchHeadOptions,
): Promise<BranchHead> {
  if (where.kind === 'refused') return { local: true, error: where.error };
  const local = where.kind === 'local';
  let auth: GitAuth | undefined;
  try {
    if (where.kind === 'local')
      return {
        local,
        head: await resolveBranch(where.gitdir, location.branch),
      };
    auth = await opts.resolveAuth(location.url);
    return {
      local,
      head: await lsRemoteBranch(
        location,
        auth,
        createGitHttp(opts.gitTimeouts),
      ),
    };
  } catch (e: any) {
    return {
      local,
      error: redact(String(e?.message ?? e), auth).slice(0, 300),
    };
  }
}

/**
 * The head of a node group's git location: read from the bare repository when it is
 * local, asked of the server (ls-remote, no fetch) when it is remote. Never rejects: a
 * refused location or a failed read answers with the reason.
 *
 * @public
 */
export async function readBranchHead(
  location: GitLocation,
  opts: BranchHeadOptions,
): Promise<BranchHead> {
  return headAt(location, locate(location, opts), opts);
}

/**
 * Reads branch heads at most once per `ttlMs` per location, and once at a time: the status
 * page asks for every node group's head on every refresh. The location is resolved once
 * per read; local heads (one file read) and refusals are never cached.
 *
 * @public
 */
export function createBranchHeadReader(
  opts: BranchHeadOptions & { ttlMs?: number },
): (location: GitLocation) => Promise<BranchHead> {
  const ttlMs = opts.ttlMs ?? GIT_TIMINGS.remoteHeadTtlMs;
  const cache = new Map<string, { at: number; value: Promise<BranchHead> }>();
  return location => {
    const where = locate(location, opts);
    if (where.kind !== 'remote') return headAt(location, where, opts);
    const key = gitRepositoryKey(location);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = headAt(location, where, opts);
    cache.set(key, { at: Date.now(), value });
    return value;
  };
}
