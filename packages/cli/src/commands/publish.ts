import path from 'node:path';
import {
  NodeGroup,
  reviewMarkdown,
  TargetsError,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgePublisher,
  GitAuthResolver,
  gitAuthResolverFromEnv,
  reviewBranchFor,
} from '@edge-gitops/plugin-edge-gitops-node';
import {
  formatProblem,
  loadApplications,
  LoadedDocument,
  loadNodeGroups,
  UsageError,
} from '../files';
import type { Io } from '../io';

export interface PublishFlags {
  nodeGroups: string;
  branch?: string;
  review: boolean;
  dataDir?: string;
  json: boolean;
  requestedBy?: string;
  allowClusterScoped?: boolean;
}

/**
 * Credentials for git hosts in pipelines come from the environment, bound to the hosts
 * EDGE_GITOPS_GIT_HOSTS lists (see gitAuthResolverFromEnv); a password without that list
 * is a usage error.
 */
function authFromEnv(env: NodeJS.ProcessEnv): GitAuthResolver {
  try {
    return gitAuthResolverFromEnv(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function publisherFor(
  flags: { dataDir?: string },
  env: NodeJS.ProcessEnv,
): EdgePublisher {
  return new EdgePublisher(
    {
      dataDir: path.resolve(
        flags.dataDir ?? env.EDGE_GITOPS_DATA_DIR ?? '.data',
      ),
      defaultAuthor: {
        name: env.GIT_AUTHOR_NAME ?? 'edge-gitops',
        email: env.GIT_AUTHOR_EMAIL ?? 'edge-gitops@localhost',
      },
    },
    authFromEnv(env),
  );
}

/** Wrong targets are the input's fault: one problem line and exit 1; anything else is thrown. */
function targetsProblem(
  e: unknown,
  file: string,
  write: (line: string) => void,
): number {
  if (!(e instanceof TargetsError)) throw e;
  write(
    formatProblem(file, { severity: 'error', path: '', message: e.message }),
  );
  return 1;
}

/** The one document of FILE, validated; more or fewer is a usage error. */
function loadSingle(
  file: string,
  command: 'publish' | 'diff',
  allowClusterScoped?: boolean,
): LoadedDocument {
  const docs = loadApplications(file, { allowClusterScoped });
  if (docs.length !== 1)
    throw new UsageError(
      `${file}: ${command} takes one EdgeApplication per file, got ${docs.length}`,
    );
  return docs[0];
}

const warningsOf = (doc: LoadedDocument) =>
  doc.problems.filter(p => p.severity === 'warning');

function withBranch(
  groups: NodeGroup[],
  branch: string | undefined,
): NodeGroup[] {
  return branch
    ? groups.map(g => ({ ...g, git: { ...g.git, branch } }))
    : groups;
}

/** edge-gitops publish FILE --node-groups GROUPS.yaml [--branch B] [--review] */
export async function publishCommand(
  file: string,
  flags: PublishFlags,
  io: Io,
  env = process.env,
): Promise<number> {
  const groups = loadNodeGroups(flags.nodeGroups);
  const doc = loadSingle(file, 'publish', flags.allowClusterScoped);
  for (const p of doc.problems) io.out(formatProblem(doc.file, p, doc.index));
  const app = doc.app;
  if (!app) return 1;
  const publisher = publisherFor(flags, env);
  const reviewBranch = flags.review
    ? flags.branch ?? reviewBranchFor(app.metadata.name)
    : undefined;
  try {
    const result = await publisher.publish(app, {
      nodeGroups: flags.review ? groups : withBranch(groups, flags.branch),
      reviewBranch,
      requestedBy: flags.requestedBy ?? env.EDGE_GITOPS_REQUESTED_BY,
      onOutcome: flags.json
        ? undefined
        : o =>
            io.out(
              `${o.nodeGroup}: ${o.status}${o.sha ? ` ${o.sha}` : ''}${
                o.branch ? ` (branch ${o.branch})` : ''
              }${o.reason ? `: ${o.reason}` : ''}`,
            ),
    });
    if (flags.json) io.out(JSON.stringify(result, null, 2));
    if (reviewBranch && result.ok) {
      // What the review branches hold against each node group's branch.
      const diffs = await publisher.diff(app, { nodeGroups: groups });
      io.out(reviewMarkdown(app.metadata.name, diffs, warningsOf(doc)));
    }
    return result.ok ? 0 : 1;
  } catch (e) {
    return targetsProblem(e, file, io.out);
  }
}

/** edge-gitops diff FILE --node-groups GROUPS.yaml: a markdown summary for a pull request. */
export async function diffCommand(
  file: string,
  flags: Pick<PublishFlags, 'nodeGroups' | 'dataDir' | 'allowClusterScoped'>,
  io: Io,
  env = process.env,
): Promise<number> {
  const groups = loadNodeGroups(flags.nodeGroups);
  const doc = loadSingle(file, 'diff', flags.allowClusterScoped);
  const errors = doc.problems.filter(p => p.severity === 'error');
  if (!doc.app) {
    for (const p of errors) io.err(formatProblem(file, p, doc.index));
    return 1;
  }
  try {
    const diffs = await publisherFor(flags, env).diff(doc.app, {
      nodeGroups: groups,
    });
    io.out(reviewMarkdown(doc.app.metadata.name, diffs, warningsOf(doc)));
    return diffs.some(d => d.problems.length) ? 1 : 0;
  } catch (e) {
    return targetsProblem(e, file, io.err);
  }
}
