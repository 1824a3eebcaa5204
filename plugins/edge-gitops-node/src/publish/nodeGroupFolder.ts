import git from 'isomorphic-git';
import { gitFs as fs } from '../git/durableFs';
import { parse } from 'yaml';
import type {
  EdgeApplication,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { readFileAtBranch } from '../git/treeCommit';

/**
 * Reads what a node group's folder holds at a commit: which applications, and their files.
 *
 * @public
 */
export class NodeGroupFolder {
  constructor(
    private readonly gitdir: string,
    private readonly group: NodeGroup,
    private readonly head: string | undefined,
  ) {}

  /** A path of the node group's folder as a repository path. */
  path(rel: string): string {
    return this.group.git.path ? `${this.group.git.path}/${rel}` : rel;
  }

  async applications(): Promise<string[]> {
    if (!this.head) return [];
    try {
      const { tree } = await git.readTree({
        fs,
        gitdir: this.gitdir,
        oid: this.head,
        filepath: this.path('apps'),
      });
      return tree
        .filter(e => e.type === 'tree')
        .map(e => e.path)
        .sort();
    } catch (e: any) {
      if (e?.code === 'NotFoundError') return [];
      throw e;
    }
  }

  /** The EdgeApplication as last published here, or undefined when absent or unreadable. */
  async application(name: string): Promise<EdgeApplication | undefined> {
    const text = await this.read(`apps/${name}/application.yaml`);
    if (text === undefined) return undefined;
    try {
      const doc = parse(text);
      return doc && typeof doc === 'object' && doc.kind === 'EdgeApplication'
        ? (doc as EdgeApplication)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async hasFile(rel: string): Promise<boolean> {
    return (await this.read(rel)) !== undefined;
  }

  /** A file of the folder at the head, or undefined. */
  async read(rel: string): Promise<string | undefined> {
    if (!this.head) return undefined;
    return readFileAtBranch(this.gitdir, this.group.git.branch, this.path(rel));
  }

  /** Every file under apps/<name>/ (paths relative to it) with its content. */
  async applicationFiles(name: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!this.head) return out;
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let tree;
      try {
        ({ tree } = await git.readTree({
          fs,
          gitdir: this.gitdir,
          oid: this.head!,
          filepath: dir,
        }));
      } catch (e: any) {
        if (e?.code === 'NotFoundError') return;
        throw e;
      }
      for (const entry of tree) {
        if (entry.type === 'tree')
          await walk(`${dir}/${entry.path}`, `${prefix}${entry.path}/`);
        else if (entry.type === 'blob') {
          const { blob } = await git.readBlob({
            fs,
            gitdir: this.gitdir,
            oid: entry.oid,
          });
          out.set(`${prefix}${entry.path}`, Buffer.from(blob).toString('utf8'));
        }
      }
    };
    await walk(this.path(`apps/${name}`), '');
    return out;
  }
}
