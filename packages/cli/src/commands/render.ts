import fs from 'node:fs';
import path from 'node:path';
import {
  checkPlacement,
  renderApplicationForNodeGroup,
  renderNodeGroupReadme,
  isNodeGroupReadme,
  renderRootKustomization,
  resolveTargets,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  formatProblem,
  loadApplications,
  loadNodeGroups,
  UsageError,
  writeTree,
} from '../files';
import type { Io } from '../io';

/**
 * Whether render may replace `dir`: missing, empty, or a real folder (not a link) holding a
 * node group folder as edge-gitops writes it (its README names the node group and says so).
 */
function isReplaceable(dir: string, nodeGroup: string): boolean {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return true;
  if (!stat.isDirectory()) return false;
  if (fs.readdirSync(dir).length === 0) return true;
  const readme = path.join(dir, 'README.md');
  if (!fs.lstatSync(readme, { throwIfNoEntry: false })?.isFile()) return false;
  return isNodeGroupReadme(fs.readFileSync(readme, 'utf8'), nodeGroup);
}

/**
 * edge-gitops render FILE... --node-groups GROUPS.yaml --out DIR: writes DIR/<group>/ as it
 * would be committed, with the applications of every file. Everything is rendered in memory
 * first: an invalid input writes nothing.
 */
export function renderCommand(
  files: string[],
  opts: { nodeGroups: string; out: string; allowClusterScoped?: boolean },
  io: Io,
): number {
  const groups = loadNodeGroups(opts.nodeGroups);
  const docs = files.flatMap(file =>
    loadApplications(file, { allowClusterScoped: opts.allowClusterScoped }),
  );
  let failed = false;
  const perGroup = new Map<
    string,
    { apps: string[]; files: Map<string, string> }
  >();
  for (const d of docs) {
    for (const p of d.problems) io.out(formatProblem(d.file, p, d.index));
    if (!d.app) {
      failed = true;
      continue;
    }
    const app = d.app;
    const targets = resolveTargets(app, groups);
    for (const name of targets.unknownNames) {
      io.out(
        formatProblem(
          d.file,
          {
            severity: 'error',
            path: 'spec.targets.nodeGroups',
            message: `node group ${name} does not exist (have: ${groups
              .map(g => g.name)
              .join(', ')})`,
          },
          d.index,
        ),
      );
      failed = true;
    }
    if (targets.emptyBecause) {
      io.out(
        formatProblem(
          d.file,
          {
            severity: 'error',
            path: 'spec.targets',
            message: targets.emptyBecause,
          },
          d.index,
        ),
      );
      failed = true;
    }
    for (const group of targets.nodeGroups) {
      const placement = checkPlacement(app, group, []);
      for (const p of placement) io.out(formatProblem(d.file, p, d.index));
      if (placement.some(p => p.severity === 'error')) {
        failed = true;
        continue;
      }
      const entry = perGroup.get(group.name) ?? {
        apps: [] as string[],
        files: new Map<string, string>(),
      };
      if (entry.apps.includes(app.metadata.name)) {
        throw new UsageError(
          `${d.file}: application ${app.metadata.name} is given twice`,
        );
      }
      entry.apps.push(app.metadata.name);
      for (const [rel, content] of renderApplicationForNodeGroup(app, group)) {
        entry.files.set(`apps/${app.metadata.name}/${rel}`, content);
      }
      perGroup.set(group.name, entry);
    }
  }
  // A folder is replaced only when it is a node group folder: --out may be any folder, a
  // git checkout included, and a node group's name may be the name of someone's files there.
  const foreign = [...perGroup.keys()]
    .filter(name => !isReplaceable(path.join(opts.out, name), name))
    .map(name => path.join(opts.out, name));
  for (const dir of foreign)
    io.out(
      `${dir}: exists and was not written by edge-gitops render; move it, or choose another --out`,
    );
  if (failed || foreign.length) {
    io.err('nothing written: fix the problems above');
    return 1;
  }
  for (const group of groups) {
    const entry = perGroup.get(group.name);
    if (!entry) continue;
    entry.files.set('kustomization.yaml', renderRootKustomization(entry.apps));
    entry.files.set('README.md', renderNodeGroupReadme(group));
    const dir = path.join(opts.out, group.name);
    fs.rmSync(dir, { recursive: true, force: true });
    writeTree(dir, entry.files);
    io.err(`${group.name}: ${entry.files.size} files in ${dir}`);
  }
  return 0;
}
