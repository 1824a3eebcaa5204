import type { Config } from '@backstage/config';
import type {
  EdgeApplication,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { EdgeGitopsConfig, readEdgeGitopsConfig } from '../config';
import { gitAuthResolverFromConfig } from '../git/credentials';
import { resolveLocalRepositoryPath } from '../git/localRepository';
import {
  BranchWorkspace,
  createBranchWorkspace,
  GitAuthResolver,
} from '../git/repository';
import type { GitIdentity } from '../git/treeCommit';
import {
  NodeGroupOutcome,
  publishApplication,
  PublishResult,
} from './publisher';

export interface PublishCall {
  nodeGroups: readonly NodeGroup[];
  requestedBy?: string;
  author?: GitIdentity;
  onOutcome?: (o: NodeGroupOutcome) => void;
  denied?: ReadonlySet<string>;
}

/** Publishing as the backend, the scaffolder actions and the CLI use it: config in, results out. */
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

  workspaceFor = (group: NodeGroup): BranchWorkspace =>
    createBranchWorkspace(
      group.git,
      { dataDir: this.config.dataDir, resolveAuth: this.resolveAuth },
      resolveLocalRepositoryPath(group.git.url, this.config.dataDir),
    );

  publish(app: EdgeApplication, call: PublishCall): Promise<PublishResult> {
    return publishApplication(app.metadata.name, app, this.options(call));
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
    };
  }
}
