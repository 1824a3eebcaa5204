import { parseArgs } from 'node:util';
import { renderCommand } from './commands/render';
import { validateCommand } from './commands/validate';
import { UsageError } from './files';
import { Io, processIo } from './io';

export const USAGE = `usage: edge-gitops <command> [options]

  validate FILE... [--json]                          check EdgeApplication files
  render FILE --node-groups GROUPS.yaml --out DIR    write each node group's folder as it would be committed

exit codes: 0 success, 1 invalid input or failed work, 2 wrong usage`;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

/** Runs one command; returns the exit code (SPEC section 9). */
export async function main(
  argv: string[],
  io: Io = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
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
        return validateCommand(positionals, { json: Boolean(values.json) }, io);
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
        if (positionals.length !== 1)
          throw new UsageError('render needs exactly one FILE');
        return renderCommand(
          positionals[0],
          {
            nodeGroups: required(values['node-groups'], '--node-groups'),
            out: required(values.out, '--out'),
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
