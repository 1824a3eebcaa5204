import type { Config } from '@backstage/config';
import {
  EdgeApplication,
  NodeGroup,
  NodeGroupDiff,
  Problem,
  reviewMarkdown,
} from '@edge-gitops/plugin-edge-gitops-common';
import { PullRequestOpener } from '../pullRequests/pullRequestHosts';
import { diffApplication } from './diff';
import { EdgeGitopsConfig, readEdgeGitopsConfig } from '../config';
import { gitAuthResolverFromConfig } from '../git/credentials';
import { resolveLocalRepositoryPath } from '../git/localRepository';
import { BranchWorkspace, createBranchWorkspace } from '../git/branchWorkspace';
import type { GitAuthResolver } from '../git/credentials';
import type { GitIdentity } from '../git/treeCommit';
import type { NodeGroupOutcome, PublishResult } from './outcomes';
import { publishApplication, PublishMemo } from './publishApplication';
import {
  NodeGroupContents,
  readApplicationDocument,
  readNodeGroupContents,
} from './nodeGroupContents';

/** @public */
export interface PublishCall {
  nodeGroups: readonly NodeGroup[];
  requestedBy?: string;
  author?: GitIdentity;
  onOutcome?: (o: NodeGroupOutcome) => void;
  denied?: ReadonlySet<string>;
  /** Review mode: push this branch per node group instead of committing to its branch. */
  reviewBranch?: string;
  /** The batch job publishing (its id becomes each commit's Batch-Job trailer). */
  batchJob?: string;
  /** Publish to these targeted node groups only; the others are left alone. */
  only?: ReadonlySet<string>;
}

/**
 * The pull request of one repository after a review publish.
 *
 * @public
 */
export interface PullRequestOutcome {
  repository: string;
  nodeGroups: string[];
  url?: string;
  number?: number;
  action?: 'opened' | 'updated';
  /** Why the host did not open or update the request (it refused, it did not answer...). */
  error?: string;
  /** Why no request was asked for: the repository's host has no integration in app-config. */
  skipped?: string;
}

/**
 * One line for a person: the request's URL and whether it was opened or updated, or why there
 * is none.
 *
 * @public
 */
export function describePullRequest(pr: PullRequestOutcome): string {
  const groups = pr.nodeGroups.join(', ');
  return pr.url
    ? `pull request for ${groups}: ${pr.url} (${pr.action})`
    : `no pull request for ${groups}: ${pr.error ?? pr.skipped}`;
}

/**
 * Publishing as the backend, the scaffolder actions and the CLI use it: config in, results out.
 *
 * @public
 */
export class EdgePublisher {
  static fromConfig(config: Config, cwd?: string): EdgePublisher {
    const resolveAuth = gitAuthResolverFromConfig(config);
    return new EdgePublisher(
      readEdgeGitopsConfig(config, cwd),
      resolveAuth,
      config.getOptionalNumber('edgeGitops.publish.concurrency') ?? 8,
      PullRequestOpener.fromConfig(config, resolveAuth),
    );
  }

  constructor(
    readonly config: EdgeGitopsConfig,
    private readonly resolveAuth: GitAuthResolver,
    private readonly concurrency = 8,
    /** Opens pull requests for review branches (from `integrations:`). */
    private readonly pullRequests?: PullRequestOpener,
  ) {}

  /** Outcomes earlier publishes found, so an unchanged re-publish skips the planning. */
  private readonly memo: PublishMemo = new Map();

  private readonly workspaceFor = (group: NodeGroup): BranchWorkspace =>
    createBranchWorkspace(
      group.git,
      {
        dataDir: this.config.dataDir,
        resolveAuth: this.resolveAuth,
        timeouts: this.config.gitTimeouts,
      },
      resolveLocalRepositoryPath(group.git.url, this.config),
    );

  publish(app: EdgeApplication, call: PublishCall): Promise<PublishResult> {
    return publishApplication(app.metadata.name, app, this.options(call));
  }

  /** What publishing would change, file by file, without committing. */
  diff(
    app: EdgeApplication,
    call: Pick<PublishCall, 'nodeGroups'>,
  ): Promise<NodeGroupDiff[]> {
    return diffApplication(app.metadata.name, app, {
      nodeGroups: call.nodeGroups,
      workspaceFor: this.workspaceFor,
      concurrency: this.concurrency,
      reporter: this.config.reporters,
    });
  }

  /** Whether commit `later` of a node group's location is `commit` or builds on it. */
  contains(group: NodeGroup, later: string, commit: string): Promise<boolean> {
    return this.workspaceFor(group).contains(later, commit);
  }

  /** What the node group's folder holds at its branch head (the placement index reads it). */
  contents(group: NodeGroup): Promise<NodeGroupContents> {
    return readNodeGroupContents(group, this.workspaceFor(group));
  }

  /**
   * The EdgeApplication document (`application.yaml`) an application has in a node group's
   * folder, and the commit read; undefined when the node group does not hold it.
   */
  applicationDocument(
    group: NodeGroup,
    name: string,
  ): Promise<{ head: string; yaml: string } | undefined> {
    return readApplicationDocument(group, this.workspaceFor(group), name);
  }

  /**
   * After a review publish: one pull request per repository whose review branch was pushed,
   * opened or, when one is open for the branch, updated. Its description is the change for
   * the node groups of that repository (reviewMarkdown) and a link back (`link`). A repository
   * on a host without an integration, or a host that refuses, says why; the others go on.
   */
  async openPullRequests(
    app: EdgeApplication,
    result: PublishResult,
    call: Pick<PublishCall, 'nodeGroups'> & {
      warnings?: readonly Problem[];
      link?: { title: string; url: string };
      /** The diffs the caller already has for its review summary (else computed here). */
      diffs?: readonly NodeGroupDiff[];
    },
  ): Promise<PullRequestOutcome[]> {
    const pushed = new Map(
      result.outcomes
        .filter(o => o.branch && o.status !== 'failed')
        .map(o => [o.nodeGroup, o.branch!]),
    );
    const byRepository = new Map<string, NodeGroup[]>();
    for (const group of call.nodeGroups) {
      if (!pushed.has(group.name)) continue;
      const key = `${group.git.url}#${group.git.branch}#${pushed.get(
        group.name,
      )}`;
      byRepository.set(key, [...(byRepository.get(key) ?? []), group]);
    }
    const out: PullRequestOutcome[] = [];
    // One diff over every node group (targets resolve against all of them), split per repository.
    const allDiffs =
      call.diffs ??
      (byRepository.size
        ? await this.diff(app, { nodeGroups: call.nodeGroups })
        : []);
    for (const groups of byRepository.values()) {
      const { url, branch: base } = groups[0].git;
      const names = groups.map(g => g.name);
      const outcome: PullRequestOutcome = {
        repository: url,
        nodeGroups: names,
      };
      if (!this.pullRequests?.supports(url)) {
        outcome.skipped =
          'not on a git host with an integration in app-config; open the request by hand';
        out.push(outcome);
        continue;
      }
      try {
        const diffs = allDiffs.filter(d => names.includes(d.nodeGroup));
        const body = [
          reviewMarkdown(app.metadata.name, diffs, call.warnings ?? []),
          call.link ? `[${call.link.title}](${call.link.url})` : '',
        ]
          .filter(Boolean)
          .join('\n\n');
        Object.assign(
          outcome,
          await this.pullRequests!.openOrUpdate({
            repoUrl: url,
            branch: pushed.get(groups[0].name)!,
            base,
            title: `edge-gitops: publish ${app.metadata.name} to ${names.join(
              ', ',
            )}`,
            body,
          }),
        );
      } catch (e) {
        outcome.error = (e as Error).message;
      }
      out.push(outcome);
    }
    return out;
  }

  unpublish(appName: string, call: PublishCall): Promise<PublishResult> {
    return publishApplication(appName, undefined, this.options(call));
  }

  private options(call: PublishCall) {
    return {
      nodeGroups: call.nodeGroups,
      workspaceFor: this.workspaceFor,
      author: call.author ?? this.config.defaultAuthor,
      requestedBy: call.requestedBy,
      concurrency: this.concurrency,
      onOutcome: call.onOutcome,
      denied: call.denied,
      reviewBranch: call.reviewBranch,
      batchJob: call.batchJob,
      only: call.only,
      memo: this.memo,
      reporter: this.config.reporters,
    };
  }
}
