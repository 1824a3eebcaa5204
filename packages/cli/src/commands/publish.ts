import path from 'node:path';
import type { Config } from '@backstage/config';
import {
  NodeGroup,
  NodeGroupDiff,
  Problem,
  reviewMarkdown,
  TargetsError,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgePublisher,
  GitAuthResolver,
  PublishResult,
  gitAuthResolverFromConfig,
  gitAuthResolverFromEnv,
  PullRequestOpener,
  describePullRequest,
  PullRequestOutcome,
  readEdgeGitopsConfig,
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
  /** The app-config files of --config, loaded (appConfig.ts). */
  config?: Config;
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

/**
 * The publisher of a run. With --config, app-config says where data lives, which credentials
 * each git host gets (`integrations:`, `edgeGitops.git.hosts`) and how many repositories are
 * published at once; --data-dir and the environment's credentials still apply on top (the
 * environment's for hosts app-config has nothing for).
 */
function publisherFor(
  flags: { dataDir?: string; config?: Config },
  env: NodeJS.ProcessEnv,
): EdgePublisher {
  const fromEnv = authFromEnv(env);
  const dataDir = flags.dataDir ?? env.EDGE_GITOPS_DATA_DIR;
  const envAuthor = env.GIT_AUTHOR_NAME
    ? {
        name: env.GIT_AUTHOR_NAME,
        email: env.GIT_AUTHOR_EMAIL ?? 'edge-gitops@localhost',
      }
    : undefined;
  if (!flags.config)
    return new EdgePublisher(
      {
        dataDir: path.resolve(dataDir ?? '.data'),
        defaultAuthor: envAuthor ?? {
          name: 'edge-gitops',
          email: 'edge-gitops@localhost',
        },
      },
      fromEnv,
    );
  const configured = readEdgeGitopsConfig(flags.config);
  const fromConfig = gitAuthResolverFromConfig(flags.config);
  const resolveAuth: GitAuthResolver = async url =>
    (await fromConfig(url)) ?? fromEnv(url);
  return new EdgePublisher(
    {
      ...configured,
      dataDir: dataDir ? path.resolve(dataDir) : configured.dataDir,
      defaultAuthor: envAuthor ?? configured.defaultAuthor,
    },
    resolveAuth,
    flags.config.getOptionalNumber('edgeGitops.publish.concurrency') ?? 8,
    PullRequestOpener.fromConfig(flags.config, resolveAuth),
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

/**
 * Runs a command on each file in turn: the worst exit code, and with --json one document on
 * stdout (the file's result, or an array of them for several files).
 */
async function eachFile<T>(
  files: readonly string[],
  json: boolean,
  io: Io,
  run: (file: string) => Promise<{ code: number; json?: T }>,
): Promise<number> {
  const results: T[] = [];
  let code = 0;
  for (const file of files) {
    const done = await run(file);
    code = Math.max(code, done.code);
    if (done.json) results.push(done.json);
  }
  if (json)
    io.out(
      JSON.stringify(
        files.length === 1 ? results[0] ?? null : results,
        null,
        2,
      ),
    );
  return code;
}

/** What `publish --json` prints per file: the result, and the reviewers' summary in review mode. */
type PublishJson = PublishResult & {
  review?: string;
  pullRequests?: PullRequestOutcome[];
};

/**
 * edge-gitops publish FILE... --node-groups GROUPS.yaml [--branch B] [--review] [--json]:
 * each file in turn. With --json, stdout is JSON only: the file's result (an array of them
 * for several files), the review summary inside it.
 */
export async function publishCommand(
  files: string[],
  flags: PublishFlags,
  io: Io,
  env = process.env,
): Promise<number> {
  return eachFile(files, flags.json, io, file =>
    publishFile(file, flags, io, env),
  );
}

async function publishFile(
  file: string,
  flags: PublishFlags,
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; json?: PublishJson }> {
  const groups = loadNodeGroups(flags.nodeGroups);
  const doc = loadSingle(file, 'publish', flags.allowClusterScoped);
  // Problems go to stderr with --json, so that stdout stays parseable.
  const say = flags.json ? io.err : io.out;
  for (const p of doc.problems) say(formatProblem(doc.file, p, doc.index));
  const app = doc.app;
  if (!app) return { code: 1 };
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
    let review: string | undefined;
    let pullRequests: PullRequestOutcome[] | undefined;
    if (reviewBranch && result.ok) {
      // What the review branches hold against each node group's branch.
      const diffs = await publisher.diff(app, { nodeGroups: groups });
      review = reviewMarkdown(app.metadata.name, diffs, warningsOf(doc));
      if (!flags.json) io.out(review);
      // With the portal's integrations, reviewers get a pull request per repository.
      if (flags.config) {
        pullRequests = await publisher.openPullRequests(app, result, {
          nodeGroups: groups,
          warnings: warningsOf(doc),
          diffs,
        });
        for (const pr of pullRequests) say(describePullRequest(pr));
      }
    }
    // A host that refused fails the run; a host without an integration only says so.
    const prFailed = pullRequests?.some(pr => pr.error) ?? false;
    return {
      code: result.ok && !prFailed ? 0 : 1,
      json: {
        ...result,
        ...(review ? { review } : {}),
        ...(pullRequests ? { pullRequests } : {}),
      },
    };
  } catch (e) {
    return { code: targetsProblem(e, file, say) };
  }
}

/** What `diff --json` prints per file. */
interface DiffJson {
  application: string;
  file: string;
  /** Some node group's files change. */
  changed: boolean;
  /** No node group refuses the change. */
  ok: boolean;
  nodeGroups: NodeGroupDiff[];
  /** What reviewers should look at (privileged, host network, hostPath, latest...). */
  warnings: Problem[];
}

/**
 * edge-gitops diff FILE... --node-groups GROUPS.yaml [--json]: a markdown summary for a pull
 * request, one section per file; with --json the same as JSON (an array for several files).
 * Exit 1 when a file is invalid or a node group cannot take the change.
 */
export async function diffCommand(
  files: string[],
  flags: Pick<
    PublishFlags,
    'nodeGroups' | 'dataDir' | 'allowClusterScoped' | 'json' | 'config'
  >,
  io: Io,
  env = process.env,
): Promise<number> {
  return eachFile(files, flags.json, io, file =>
    diffFile(file, flags, io, env),
  );
}

async function diffFile(
  file: string,
  flags: Pick<
    PublishFlags,
    'nodeGroups' | 'dataDir' | 'allowClusterScoped' | 'json' | 'config'
  >,
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; json?: DiffJson }> {
  const groups = loadNodeGroups(flags.nodeGroups);
  const doc = loadSingle(file, 'diff', flags.allowClusterScoped);
  const errors = doc.problems.filter(p => p.severity === 'error');
  if (!doc.app) {
    for (const p of errors) io.err(formatProblem(file, p, doc.index));
    return { code: 1 };
  }
  try {
    const diffs = await publisherFor(flags, env).diff(doc.app, {
      nodeGroups: groups,
    });
    const ok = !diffs.some(d => d.problems.length);
    if (!flags.json)
      io.out(reviewMarkdown(doc.app.metadata.name, diffs, warningsOf(doc)));
    return {
      code: ok ? 0 : 1,
      json: {
        application: doc.app.metadata.name,
        file,
        changed: diffs.some(d => d.files.length > 0),
        ok,
        nodeGroups: diffs,
        warnings: warningsOf(doc),
      },
    };
  } catch (e) {
    return { code: targetsProblem(e, file, io.err) };
  }
}
