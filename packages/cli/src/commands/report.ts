import fs from 'node:fs';
import {
  ClusterReporter,
  ClusterWatcher,
  reporterKubeConfig,
} from '@edge-gitops/plugin-edge-gitops-node';
import { UsageError } from '../files';
import type { Io } from '../io';

/** @public */
export interface ReportOptions {
  backend: string;
  nodeGroup: string;
  tokenFile: string;
  kubeconfig?: string;
  intervalSeconds: number;
  once: boolean;
  /** Stops the loop (tests; the process stops it on SIGTERM and SIGINT). */
  signal?: AbortSignal;
}

function readToken(file: string): string {
  let token: string;
  try {
    token = fs.readFileSync(file, 'utf8').trim();
  } catch (e: any) {
    throw new UsageError(
      `cannot read --token-file ${file}: ${
        e.code === 'ENOENT' ? 'no such file' : e.message
      }`,
    );
  }
  if (!token) throw new UsageError(`--token-file ${file} is empty`);
  return token;
}

/**
 * edge-gitops report: runs in the edge cluster (or beside it) and pushes the status of the
 * applications there to the backend, with the watcher and status rules the backend uses
 * (docs/reporters.md). `--once` sends one report and exits (0 when the backend took it).
 */
export async function reportCommand(
  opts: ReportOptions,
  io: Io,
): Promise<number> {
  let backend: URL;
  try {
    backend = new URL(opts.backend);
  } catch {
    throw new UsageError(
      `--backend ${JSON.stringify(opts.backend)} is not a URL`,
    );
  }
  if (!Number.isFinite(opts.intervalSeconds) || opts.intervalSeconds < 1)
    throw new UsageError('--interval must be a number of seconds, at least 1');
  const token = readToken(opts.tokenFile);
  const watcher = new ClusterWatcher(
    opts.nodeGroup,
    reporterKubeConfig(opts.kubeconfig),
    { logger: { info: m => io.err(m), warn: m => io.err(m) } },
  );
  const reporter = new ClusterReporter({
    nodeGroup: opts.nodeGroup,
    backendUrl: backend.toString(),
    token,
    watcher,
    logger: { info: m => io.err(m), warn: m => io.err(m) },
  });
  await watcher.start();
  try {
    if (opts.once) {
      try {
        const { report, sequence } = await reporter.reportOnce();
        io.out(
          JSON.stringify({
            nodeGroup: opts.nodeGroup,
            sequence,
            snapshot: report.snapshot,
            applications: Object.keys(report.applications).length,
          }),
        );
        return 0;
      } catch (e) {
        io.err(`edge-gitops: ${(e as Error).message}`);
        return 1;
      }
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    opts.signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await reporter.run(opts.intervalSeconds * 1000, controller.signal);
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    return 0;
  } finally {
    await watcher.stop();
  }
}
