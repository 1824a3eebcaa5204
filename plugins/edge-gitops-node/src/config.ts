import path from 'node:path';
import type { Config } from '@backstage/config';
import type { GitIdentity } from './git/treeCommit';
import type { GitHttpTimeouts } from './git/gitHttp';
import {
  DEFAULT_SIMULATOR_TIMINGS,
  SimulatorTimings,
} from './simulator/timings';

/**
 * The `edgeGitops` section of app-config, read once.
 *
 * @public
 */
export interface EdgeGitopsConfig {
  /** Absolute path of the folder for local repositories and caches. */
  dataDir: string;
  /** Further absolute folders that may hold local repositories (`edgeGitops.git.localRoots`). */
  localRoots?: string[];
  defaultAuthor: GitIdentity;
  /** `edgeGitops.publish.allowClusterScoped`: YAML-mode cluster-scoped objects are allowed (and shown to reviewers). */
  allowClusterScoped?: boolean;
  /** `edgeGitops.git.timeouts`; defaults where unset. */
  gitTimeouts?: Partial<GitHttpTimeouts>;
  /** `edgeGitops.simulator`: simulated clusters for node groups without a connection. */
  simulator?: SimulatorConfig;
  /**
   * `edgeGitops.reporters` with `enabled: true`: publishing places the reporter in every
   * node group's folder it writes (REPORTER_FOLDER), so the GitOps agent installs it.
   */
  reporters?: ReporterPlacement;
}

/**
 * What the reporter placed in node group folders runs: the backend it reports to and its image.
 *
 * @public
 */
export interface ReporterPlacement {
  backendUrl: string;
  image: string;
  intervalSeconds?: number;
}

function readReporterPlacement(config: Config): ReporterPlacement | undefined {
  const section = config.getOptionalConfig('edgeGitops.reporters');
  if (!section?.getOptionalBoolean('enabled')) return undefined;
  const backendUrl =
    section.getOptionalString('backendUrl') ??
    config.getOptionalString('backend.baseUrl');
  if (!backendUrl)
    throw new Error(
      'edgeGitops.reporters.backendUrl (or backend.baseUrl) is required when edgeGitops.reporters.enabled is true',
    );
  return {
    backendUrl,
    image: section.getOptionalString('image') ?? 'edge-gitops:dev',
  };
}

/**
 * The simulated fleet's settings.
 *
 * @public
 */
export interface SimulatorConfig {
  enabled: boolean;
  nodesPerCluster: number;
  timings: Partial<SimulatorTimings>;
}

function readSimulatorConfig(config: Config | undefined): SimulatorConfig {
  const timings: Partial<SimulatorTimings> = {};
  const section = config?.getOptionalConfig('timings');
  for (const key of Object.keys(
    DEFAULT_SIMULATOR_TIMINGS,
  ) as (keyof SimulatorTimings)[]) {
    const value = section?.getOptionalNumber(key);
    if (value === undefined) continue;
    if (!(value > 0))
      throw new Error(
        `edgeGitops.simulator.timings.${key} must be a positive number of milliseconds`,
      );
    timings[key] = value;
  }
  const nodesPerCluster = config?.getOptionalNumber('nodesPerCluster') ?? 3;
  if (
    !Number.isInteger(nodesPerCluster) ||
    nodesPerCluster < 1 ||
    nodesPerCluster > 50
  )
    throw new Error(
      'edgeGitops.simulator.nodesPerCluster must be a whole number from 1 to 50',
    );
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? false,
    nodesPerCluster,
    timings,
  };
}

/** @public */
export function readEdgeGitopsConfig(
  config: Config,
  cwd = process.cwd(),
): EdgeGitopsConfig {
  const section = config.getOptionalConfig('edgeGitops');
  const dataDir = path.resolve(
    cwd,
    section?.getOptionalString('dataDir') ?? '.data',
  );
  const author = section?.getOptionalConfig('git.defaultAuthor');
  const localRoots = (
    section?.getOptionalStringArray('git.localRoots') ?? []
  ).map(root => path.resolve(cwd, root));
  const timeouts = section?.getOptionalConfig('git.timeouts');
  const ms = (key: string) => {
    const seconds = timeouts?.getOptionalNumber(key);
    if (seconds === undefined) return undefined;
    if (!(seconds > 0))
      throw new Error(
        `edgeGitops.git.timeouts.${key} must be a positive number of seconds`,
      );
    return seconds * 1000;
  };
  const gitTimeouts = Object.fromEntries(
    Object.entries({
      connectTimeoutMs: ms('connectSeconds'),
      idleTimeoutMs: ms('idleSeconds'),
      nodeGroupDeadlineMs: ms('nodeGroupSeconds'),
    }).filter(([, v]) => v !== undefined),
  ) as Partial<GitHttpTimeouts>;
  return {
    dataDir,
    localRoots,
    allowClusterScoped:
      section?.getOptionalBoolean('publish.allowClusterScoped') ?? false,
    gitTimeouts,
    simulator: readSimulatorConfig(section?.getOptionalConfig('simulator')),
    reporters: readReporterPlacement(config),
    defaultAuthor: {
      name: author?.getOptionalString('name') ?? 'edge-gitops',
      email: author?.getOptionalString('email') ?? 'edge-gitops@localhost',
    },
  };
}
