import nodeFs from 'node:fs';
import nodePath from 'node:path';
import git from 'isomorphic-git';
import { gitFs as fs } from './durableFs';
import { verifyCommit } from './repositoryCheck';
import {
  commitParents,
  commitTree,
  parseTree,
  readGitObject,
  discardStagedObjects,
  flushObjects,
  writeObject,
} from './objects';

/**
 * New content for a path, or null to delete the file or the whole folder at that path.
 *
 * @public
 */
export type FileChanges = Map<string, string | null>;

/** @public */
export interface GitIdentity {
  name: string;
  email: string;
}

/** @public */
export interface TreeCommitRequest {
  gitdir: string;
  branch: string;
  /** Build on this branch instead of `branch` (review branches start from the node group's branch). */
  baseBranch?: string;
  changes: FileChanges;
  message: string;
  author: GitIdentity;
  /** Commit time in seconds; fixed in tests for reproducible shas. */
  timestamp?: number;
}

/** @public */
export type TreeCommitResult =
  | { kind: 'unchanged'; sha: string | undefined }
  | { kind: 'committed'; sha: string; parent: string | undefined };

interface ChangeNode {
  /** Set when this path itself is written (string) or deleted (null). */
  value?: string | null;
  children: Map<string, ChangeNode>;
}

type TreeEntry = {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
};

function buildChangeTree(changes: FileChanges): ChangeNode {
  const root: ChangeNode = { children: new Map() };
  for (const [path, value] of changes) {
    const parts = path.split('/').filter(Boolean);
    if (
      parts.length === 0 ||
      parts.some(p => p === '.' || p === '..' || p.includes('\0'))
    ) {
      throw new Error(
        `refusing to write outside the repository: ${JSON.stringify(path)}`,
      );
    }
    let node = root;
    for (const part of parts) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

const entryType = (mode: string): TreeEntry['type'] => {
  if (mode === '40000' || mode === '040000') return 'tree';
  return mode === '160000' ? 'commit' : 'blob';
};

/** Git's order of tree entries: by name, a folder compared as if its name ended in "/". */
const treeSortKey = (e: TreeEntry) =>
  e.type === 'tree' ? `${e.path}/` : e.path;

/** A tree object's content: "<mode> <name>\0<20-byte oid>" per entry, in git's order. */
function treeContent(entries: TreeEntry[]): Buffer {
  // Compared as UTF-8 bytes, as git does.
  const sorted = [...entries].sort((a, b) =>
    Buffer.compare(
      Buffer.from(treeSortKey(a), 'utf8'),
      Buffer.from(treeSortKey(b), 'utf8'),
    ),
  );
  return Buffer.concat(
    sorted.flatMap(e => [
      Buffer.from(`${e.mode.replace(/^0+/, '')} ${e.path}\0`, 'utf8'),
      Buffer.from(e.oid, 'hex'),
    ]),
  );
}

/**
 * Applies changes to a tree without a work tree: reads only the subtrees on changed
 * paths, so the cost follows the size of the change, not of the repository.
 * Returns undefined for a tree that ended up empty (git has no empty folders).
 */
async function applyToTree(
  gitdir: string,
  treeOid: string | undefined,
  change: ChangeNode,
): Promise<string | undefined> {
  const entries = new Map<string, TreeEntry>();
  if (treeOid) {
    const tree = parseTree((await readGitObject(gitdir, treeOid)).content);
    for (const entry of tree)
      entries.set(entry.path, {
        ...entry,
        type: entryType(entry.mode),
      });
  }
  for (const [name, child] of change.children) {
    const existing = entries.get(name);
    if (child.value === null && child.children.size === 0) {
      entries.delete(name);
      continue;
    }
    if (typeof child.value === 'string') {
      const oid = await writeObject(
        gitdir,
        'blob',
        Buffer.from(child.value, 'utf8'),
      );
      entries.set(name, { mode: '100644', path: name, oid, type: 'blob' });
      continue;
    }
    // A folder: deleted first when its value is null, then rebuilt from its children.
    const base =
      child.value === null || existing?.type !== 'tree'
        ? undefined
        : existing.oid;
    const oid = await applyToTree(gitdir, base, child);
    if (oid)
      entries.set(name, { mode: '040000', path: name, oid, type: 'tree' });
    else entries.delete(name);
  }
  if (entries.size === 0) return undefined;
  return writeObject(gitdir, 'tree', treeContent([...entries.values()]));
}

/** A person as git writes them: no line breaks or angle brackets inside. */
const person = (who: GitIdentity, timestamp: number) =>
  `${who.name.replace(/[<>\n]/g, '')} <${who.email.replace(
    /[<>\n]/g,
    '',
  )}> ${timestamp} +0000`;

/**
 * A commit object's content, byte for byte what git (and isomorphic-git) write: the
 * message without carriage returns or surrounding blank lines, ending in one newline.
 */
function commitContent(c: {
  tree: string;
  parent: string | undefined;
  author: GitIdentity;
  timestamp: number;
  message: string;
}): Buffer {
  const message = `${c.message
    .replace(/\r/g, '')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '')}\n`;
  const headers = [
    `tree ${c.tree}`,
    ...(c.parent ? [`parent ${c.parent}`] : []),
    `author ${person(c.author, c.timestamp)}`,
    `committer ${person(c.author, c.timestamp)}`,
  ];
  return Buffer.from(`${headers.join('\n')}\n\n${message}`, 'utf8');
}

/**
 * Whether git accepts `branch` as a branch name (git check-ref-format's rules): it comes
 * from a catalog entity, and it becomes a path inside the repository.
 */
export function isValidBranchName(branch: string): boolean {
  return (
    branch.length > 0 &&
    ![...branch].some(c => c.charCodeAt(0) <= 0x20 || c === '\x7f') &&
    !/[~^:?*[\\]/.test(branch) &&
    !branch.includes('..') &&
    !branch.includes('@{') &&
    !branch.includes('//') &&
    !branch.startsWith('/') &&
    !branch.startsWith('-') &&
    !/(^|\/)\./.test(branch) &&
    !/(\.lock|\/|\.)$/.test(branch) &&
    branch !== '@'
  );
}

/**
 * The commit a branch points at, or undefined when there is none: its loose ref, else
 * packed-refs (a fetch or git gc may have packed it). Two reads at most.
 *
 * @public
 */
export async function resolveBranch(
  gitdir: string,
  branch: string,
): Promise<string | undefined> {
  if (!isValidBranchName(branch))
    throw new Error(`${JSON.stringify(branch)} is not a valid git branch name`);
  const ref = `refs/heads/${branch}`;
  const loose = await nodeFs.promises
    .readFile(nodePath.join(gitdir, ref), 'utf8')
    .catch((e: any) => {
      if (e?.code === 'ENOENT' || e?.code === 'ENOTDIR') return undefined;
      throw e;
    });
  if (loose !== undefined) {
    const oid = loose.trim();
    if (/^[0-9a-f]{40}$/.test(oid)) return oid;
    // A symbolic ref (rare for a branch): isomorphic-git follows it.
    return resolveWithIsomorphicGit(gitdir, ref);
  }
  const packed = await nodeFs.promises
    .readFile(nodePath.join(gitdir, 'packed-refs'), 'utf8')
    .catch(() => '');
  for (const line of packed.split('\n')) {
    if (line.endsWith(` ${ref}`) && /^[0-9a-f]{40} /.test(line))
      return line.slice(0, 40);
  }
  return undefined;
}

async function resolveWithIsomorphicGit(
  gitdir: string,
  ref: string,
): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, gitdir, ref });
  } catch (e: any) {
    if (e?.code === 'NotFoundError') return undefined;
    throw e;
  }
}

/**
 * Commits file changes onto a branch of a (bare) repository. Makes no commit when the
 * resulting tree equals the current one, so re-publishing the same input is a no-op.
 *
 * @public
 */
export async function commitTreeChanges(
  req: TreeCommitRequest,
): Promise<TreeCommitResult> {
  try {
    return await commitOnto(req);
  } finally {
    // What a publish cache staged and did not flush (no commit was made, or it failed).
    discardStagedObjects(req.gitdir);
  }
}

async function commitOnto(req: TreeCommitRequest): Promise<TreeCommitResult> {
  const { gitdir, branch } = req;
  const parent = await resolveBranch(gitdir, req.baseBranch ?? branch);
  const parentTree = parent
    ? commitTree((await readGitObject(gitdir, parent)).content)
    : undefined;
  const tree =
    (await applyToTree(gitdir, parentTree, buildChangeTree(req.changes))) ??
    (await writeObject(gitdir, 'tree', Buffer.alloc(0)));
  if (tree === parentTree) {
    // A review branch with nothing to review points at its base, like a fresh branch would.
    if (req.baseBranch && parent)
      await git.writeRef({
        fs,
        gitdir,
        ref: `refs/heads/${branch}`,
        value: parent,
        force: true,
      });
    return { kind: 'unchanged', sha: parent };
  }
  if (req.baseBranch) {
    // A review branch that already holds this change on this base stays as it is: publishing
    // the same review again is no new commit (and no push).
    const existing = await resolveBranch(gitdir, branch);
    if (existing) {
      const { content } = await readGitObject(gitdir, existing);
      if (commitTree(content) === tree && commitParents(content)[0] === parent)
        return { kind: 'unchanged', sha: existing };
    }
  }
  const timestamp = req.timestamp ?? Math.floor(Date.now() / 1000);
  const sha = await writeObject(
    gitdir,
    'commit',
    commitContent({
      tree,
      parent,
      author: req.author,
      timestamp,
      message: req.message,
    }),
  );
  // The branch moves only once everything the new commit reaches reads back intact: a
  // crash may have left damage that writing the same objects again did not replace.
  await verifyCommit(gitdir, sha);
  await flushObjects(gitdir);
  await git.writeRef({
    fs,
    gitdir,
    ref: `refs/heads/${branch}`,
    value: sha,
    force: true,
  });
  return { kind: 'committed', sha, parent };
}

/**
 * Reads one file at a branch head, or undefined when the branch or file is missing.
 *
 * @public
 */
export async function readFileAtBranch(
  gitdir: string,
  branch: string,
  filepath: string,
): Promise<string | undefined> {
  const head = await resolveBranch(gitdir, branch);
  if (!head) return undefined;
  try {
    const { blob } = await git.readBlob({ fs, gitdir, oid: head, filepath });
    return Buffer.from(blob).toString('utf8');
  } catch (e: any) {
    if (e?.code === 'NotFoundError') return undefined;
    throw e;
  }
}

/**
 * Names of the files directly inside a folder at a branch head; [] when missing.
 *
 * @public
 */
export async function listFilesAtBranch(
  gitdir: string,
  branch: string,
  folder: string,
): Promise<string[]> {
  const head = await resolveBranch(gitdir, branch);
  if (!head) return [];
  try {
    const { tree } = await git.readTree({
      fs,
      gitdir,
      oid: head,
      filepath: folder,
    });
    return tree
      .filter(e => e.type === 'blob')
      .map(e => e.path)
      .sort();
  } catch (e: any) {
    if (e?.code === 'NotFoundError') return [];
    throw e;
  }
}
