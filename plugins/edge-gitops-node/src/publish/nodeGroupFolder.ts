import fs from 'node:fs';
import git from 'isomorphic-git';
import { parse } from 'yaml';
import type {
  EdgeApplication,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { readFileAtBranch } from '../git/treeCommit';

/** Reads what a node group's folder holds at a commit: which applications, and their documents. */
export class NodeGroupFolder {
  constructor(
    private readonly gitdir: string,
    private readonly group: NodeGroup,
    private readonly head: string | undefined,
  ) {}

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
    const text = await readFileAtBranch(
      this.gitdir,
      this.group.git.branch,
      this.path(`apps/${name}/application.yaml`),
    );
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
    return (
      (await readFileAtBranch(
        this.gitdir,
        this.group.git.branch,
        this.path(rel),
      )) !== undefined
    );
  }
}
