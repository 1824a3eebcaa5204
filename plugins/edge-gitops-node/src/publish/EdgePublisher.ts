import type { Config } from '@backstage/config';
import type {
  EdgeApplication,
  NodeGroup,
  NodeGroupDiff,
} from '@edge-gitops/plugin-edge-gitops-common';
import { diffApplication } from './diff';
import { EdgeGitopsConfig, readEdgeGitopsConfig } from '../config';
import { gitAuthResolverFromConfig } from '../git/credentials';
import { resolveLocalRepositoryPath } from '../git/localRepository';
import { BranchWorkspace, createBranchWorkspace } from '../git/branchWorkspace';
import type { GitAuthResolver } from '../git/credentials';
import type { GitIdentity } from '../git/treeCommit';
import type { NodeGroupOutcome, PublishResult } from './outcomes';
import { publishApplication, PublishMemo } from './publishApplication';
import { NodeGroupContents, readNodeGroupContents } from './nodeGroupContents';

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
 * Publishing as the backend, the scaffolder actions and the CLI use it: config in, results out.
 *
 * @public
 */
export class EdgePublisher {
  static fromConfig(config: Config, cwd?: string): EdgePublisher {
    return new EdgePublisher(
      readEdgeGitopsConfig(config, cwd),
      gitAuthResolverFromConfig(config),
      config.getOptionalNumber('edgeGitops.publish.concurrency') ?? 8,
    );
  }

  constructor(
    readonly config: EdgeGitopsConfig,
    private readonly resolveAuth: GitAuthResolver,
    private readonly concurrency = 8,
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
    };
  }
}
