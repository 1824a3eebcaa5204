import { parseArgs } from 'node:util';
import { edgeApplicationJsonSchema } from '@edge-gitops/plugin-edge-gitops-common';
import { diffCommand, publishCommand } from './commands/publish';
import { renderCommand } from './commands/render';
import { reportCommand } from './commands/report';
import { statusCommand } from './commands/status';
import { validateCommand } from './commands/validate';
import { UsageError } from './files';
import { loadAppConfig } from './appConfig';
import { Io, processIo } from './io';

export const USAGE = `usage: edge-gitops <command> [options]

  validate FILE... [--json]                          check EdgeApplication files
  render FILE... --node-groups GROUPS.yaml --out DIR write each node group's folder as it would be committed
  publish FILE... --node-groups GROUPS.yaml [--branch B] [--review] [--data-dir DIR] [--config app-config.yaml]... [--json]
                                                     commit each application into every node group's git location
  schema                                             print the JSON Schema of EdgeApplication (for editors)
  status FILE                                        status of Kubernetes objects (YAML stream, JSON object or list)
  diff FILE... --node-groups GROUPS.yaml [--data-dir DIR] [--config app-config.yaml]... [--json]
                                                     markdown summary of what publish would change, for a pull request
  report --backend URL --node-group NAME --token-file FILE [--kubeconfig FILE] [--interval SECONDS] [--once]
                                                     push this cluster's status to the backend (in-cluster credentials
                                                     unless --kubeconfig; every 30 s; --once: one report, then exit)

validate, render, publish and diff take --allow-cluster-scoped: YAML-mode cluster-scoped
objects (Namespace, ClusterRoleBinding...) become warnings for reviewers instead of errors

relative repo-urls are local repositories under --data-dir (default .data, or edgeGitops.dataDir
of --config); --config reads the portal's app-config files (later ones win): git credentials
from integrations: and edgeGitops.git.hosts, and the edgeGitops: settings. Besides, and for
hosts app-config has nothing for, git credentials come from EDGE_GITOPS_GIT_USERNAME and
EDGE_GITOPS_GIT_PASSWORD, sent only to the hosts EDGE_GITOPS_GIT_HOSTS lists (comma
separated), over plain http only to those EDGE_GITOPS_GIT_INSECURE_HOSTS lists

exit codes: 0 success, 1 invalid input or failed work, 2 wrong usage`;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

/** Runs one command; returns the exit code (see docs/cli.md). */
export async function main(
  argv: string[],
  io: Io = processIo,
): Promise<number> {
  // Accepted by every command that reads applications; an operator's decision.
  const allowClusterScoped = argv.includes('--allow-cluster-scoped');
  const [command, ...rest] = argv.filter(a => a !== '--allow-cluster-scoped');
  try {
    switch (command) {
      case 'validate': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean', default: false } },
        });
        if (positionals.length === 0)
          throw new UsageError('validate needs at least one FILE');
        return validateCommand(
          positionals,
          { json: Boolean(values.json), allowClusterScoped },
          io,
        );
      }
      case 'render': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            'node-groups': { type: 'string' },
            out: { type: 'string' },
          },
        });
        if (positionals.length === 0)
          throw new UsageError('render needs at least one FILE');
        return renderCommand(
          positionals,
          {
            nodeGroups: required(values['node-groups'], '--node-groups'),
            out: required(values.out, '--out'),
            allowClusterScoped,
          },
          io,
        );
      }
      case 'schema':
        io.out(JSON.stringify(edgeApplicationJsonSchema(), null, 2));
        return 0;
      case 'status': {
        const { positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {},
        });
        if (positionals.length !== 1)
          throw new UsageError('status needs exactly one FILE');
        return statusCommand(positionals[0], io);
      }
      case 'report': {
        const { values } = parseArgs({
          args: rest,
          options: {
            backend: { type: 'string' },
            'node-group': { type: 'string' },
            'token-file': { type: 'string' },
            kubeconfig: { type: 'string' },
            interval: { type: 'string' },
            once: { type: 'boolean' },
          },
        });
        return await reportCommand(
          {
            backend: required(values.backend, '--backend'),
            nodeGroup: required(values['node-group'], '--node-group'),
            tokenFile: required(values['token-file'], '--token-file'),
            kubeconfig: values.kubeconfig,
            intervalSeconds: Number(values.interval ?? 30),
            once: Boolean(values.once),
          },
          io,
        );
      }
      case 'publish':
      case 'diff': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            'node-groups': { type: 'string' },
            branch: { type: 'string' },
            review: { type: 'boolean', default: false },
            'data-dir': { type: 'string' },
            config: { type: 'string', multiple: true },
            json: { type: 'boolean', default: false },
            'requested-by': { type: 'string' },
          },
        });
        const config = await loadAppConfig(values.config ?? []);
        // An operator's decision, in app-config or on the command line.
        const clusterScoped =
          allowClusterScoped ||
          Boolean(
            config?.getOptionalBoolean('edgeGitops.publish.allowClusterScoped'),
          );
        if (positionals.length === 0)
          throw new UsageError(`${command} needs at least one FILE`);
        const nodeGroups = required(values['node-groups'], '--node-groups');
        if (command === 'diff')
          return await diffCommand(
            positionals,
            {
              nodeGroups,
              dataDir: values['data-dir'],
              allowClusterScoped: clusterScoped,
              json: Boolean(values.json),
              config,
            },
            io,
          );
        // Awaited here, so that a usage error of the command is caught below (exit 2).
        return await publishCommand(
          positionals,
          {
            nodeGroups,
            branch: values.branch,
            review: Boolean(values.review),
            dataDir: values['data-dir'],
            json: Boolean(values.json),
            requestedBy: values['requested-by'],
            allowClusterScoped: clusterScoped,
            config,
          },
          io,
        );
      }
      case undefined:
        io.err(USAGE);
        return 2;
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (
      e instanceof UsageError ||
      (e as any)?.code?.startsWith?.('ERR_PARSE_ARGS')
    ) {
      io.err(`edge-gitops: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
