import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { UsageError } from './files';

/**
 * The app-config files given with --config, merged in order as the backend merges them:
 * the same `integrations:` credentials and `edgeGitops:` settings the portal uses, with
 * `${VAR}` substituted from the environment. Undefined when no file is given.
 */
export async function loadAppConfig(
  files: readonly string[],
): Promise<Config | undefined> {
  if (!files.length) return undefined;
  for (const file of files)
    if (!fs.existsSync(file))
      throw new UsageError(`--config ${file}: no such file`);
  try {
    const config = await ConfigSources.toConfig(
      ConfigSources.defaultForTargets({
        rootDir: process.cwd(),
        targets: files.map(f => ({ type: 'path', target: path.resolve(f) })),
      }),
    );
    config.close();
    return config;
  } catch (e) {
    throw new UsageError(`--config: ${(e as Error).message}`);
  }
}
