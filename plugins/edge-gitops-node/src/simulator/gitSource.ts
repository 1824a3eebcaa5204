import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import { readBranchHead } from '../git/branchHead';
import { createBranchWorkspace } from '../git/branchWorkspace';
import type { GitAuthResolver } from '../git/credentials';
import type { GitHttpTimeouts } from '../git/gitHttp';
import {
  LocalRepositoryRoots,
  resolveLocalRepositoryPath,
} from '../git/localRepository';
import { resolveBranch } from '../git/treeCommit';

/** What a node group's source (the simulated Flux GitRepository) reads. */
export interface GitSource {
  /** The branch head, undefined when the branch does not exist; rejects with the reason. */
  head(): Promise<string | undefined>;
  /** The files under the node group's path at its head, relative to that path. */
  snapshot(): Promise<
    { commit: string; files: Map<string, string> } | undefined
  >;
}

/**
 * How the simulator reaches git: the same roots, credentials and timeouts as publishing.
 *
 * @public
 */
export interface GitSourceOptions extends LocalRepositoryRoots {
  resolveAuth: GitAuthResolver;
  gitTimeouts?: Partial<GitHttpTimeouts>;
}

/** An untrusted repository cannot make the simulator read without end. */
const MAX_FILES = 5_000;
const MAX_BYTES = 20 * 2 ** 20;
const MANIFEST = /\.(ya?ml|json)$/i;

/** Every manifest file under `folder` at `commit`, keyed by its path relative to the folder. */
export async function readManifestFiles(
  gitdir: string,
  commit: string,
  folder: string,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let bytes = 0;
  const walk = async (dir: string) => {
    let tree;
    try {
      ({ tree } = await git.readTree({
        fs,
        gitdir,
        oid: commit,
        filepath: dir,
      }));
    } catch (e: any) {
      if (e?.code === 'NotFoundError') return;
      throw e;
    }
    for (const entry of tree) {
      const full = dir ? `${dir}/${entry.path}` : entry.path;
      if (entry.type === 'tree') await walk(full);
      if (entry.type !== 'blob' || !MANIFEST.test(entry.path)) continue;
      const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid });
      bytes += blob.byteLength;
      if (files.size >= MAX_FILES || bytes > MAX_BYTES)
        throw new Error(
          `the node group's folder holds more than ${MAX_FILES} manifests or ${
            MAX_BYTES / 2 ** 20
          } MiB`,
        );
      files.set(
        folder ? full.slice(folder.length + 1) : full,
        Buffer.from(blob).toString('utf8'),
      );
    }
  };
  await walk(folder);
  return files;
}

/**
 * The git location of a node group as its cluster's Flux would read it: a local bare
 * repository directly, an HTTPS one through its own cache (fetched with the credentials
 * publishing uses, never the publisher's cache or lock).
 */
export function gitSourceFor(
  group: NodeGroup,
  opts: GitSourceOptions & { dataDir: string },
): GitSource {
  const location = group.git;
  let gitdir: string | undefined;
  try {
    gitdir = resolveLocalRepositoryPath(location.url, opts);
  } catch (e) {
    // A location publishing refuses (outside the allowed roots) is refused here too.
    const refusal = (e as Error).message;
    return {
      head: () => Promise.reject(new Error(refusal)),
      snapshot: () => Promise.reject(new Error(refusal)),
    };
  }
  if (gitdir) {
    return {
      head: () => resolveBranch(gitdir, location.branch),
      snapshot: async () => {
        const commit = await resolveBranch(gitdir, location.branch);
        if (!commit) return undefined;
        return {
          commit,
          files: await readManifestFiles(gitdir, commit, location.path),
        };
      },
    };
  }
  const workspace = createBranchWorkspace(location, {
    dataDir: path.join(opts.dataDir, 'simulator'),
    resolveAuth: opts.resolveAuth,
    timeouts: opts.gitTimeouts,
  });
  return {
    head: async () => {
      const read = await readBranchHead(location, opts);
      if (read.error) throw new Error(read.error);
      return read.head;
    },
    snapshot: () =>
      workspace.update(
        async (cache, commit) =>
          commit
            ? {
                commit,
                files: await readManifestFiles(cache, commit, location.path),
              }
            : undefined,
        () => false,
      ),
  };
}
