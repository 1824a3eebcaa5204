/**
 * A child process for crash tests: publishes into a local repository again and again,
 * through the same workspace code as the product, until it is killed.
 * Usage: node --require @backstage/cli/config/nodeTransform.cjs publishForever.ts GITDIR [N]
 * With N, the process kills itself half-way through its Nth file write (fault injection at
 * the worst moment, which a kill from outside hits only by luck).
 */
import fs from 'node:fs';
import { createBranchWorkspace } from '../git/branchWorkspace';
import { commitTreeChanges } from '../git/treeCommit';

const gitdir = process.argv[2];
const crashAt = Number(process.argv[3] ?? 0);

if (crashAt) {
  let writes = 0;
  const halfThenDie = async (
    write: (data: any) => Promise<void>,
    data: any,
  ) => {
    if (++writes < crashAt) return write(data);
    const bytes = Buffer.from(data);
    await write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    process.kill(process.pid, 'SIGKILL');
    return new Promise<void>(() => {});
  };
  const { open, writeFile } = fs.promises;
  fs.promises.writeFile = ((file: any, data: any, opts: any) =>
    halfThenDie(d => writeFile(file, d, opts), data)) as any;
  fs.promises.open = (async (...args: any[]) => {
    const handle = await (open as any)(...args);
    const write = handle.writeFile.bind(handle);
    handle.writeFile = (data: any, opts: any) =>
      halfThenDie(d => write(d, opts), data);
    return handle;
  }) as any;
}
const workspace = createBranchWorkspace(
  { url: gitdir, branch: 'main', path: '' },
  { dataDir: gitdir, resolveAuth: async () => undefined },
  gitdir,
);

async function main() {
  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    await workspace.update(
      async dir => {
        // Many new objects per commit, so a kill lands in the middle of writing them.
        const changes = new Map<string, string>();
        for (let file = 0; file < 60; file++)
          changes.set(
            `apps/app-${file % 6}/file-${file}.yaml`,
            `round: ${round}\nfile: ${file}\n${'x: y\n'.repeat(500)}`,
          );
        return commitTreeChanges({
          gitdir: dir,
          branch: 'main',
          changes,
          message: `round ${round}`,
          author: { name: 'crash test', email: 'crash@example.com' },
        });
      },
      () => true,
    );
    process.stdout.write(`committed ${round}\n`);
  }
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
