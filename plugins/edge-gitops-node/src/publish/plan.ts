import {
  checkPlacement,
  EdgeApplication,
  NodeGroup,
  Problem,
  renderApplicationForNodeGroup,
  renderNodeGroupReadme,
  renderReporterFolder,
  renderRootKustomization,
  REPORTER_FOLDER,
  summarizeChange,
  ChangeSummary,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { FileChanges } from '../git/treeCommit';
import type { NodeGroupFolder } from './nodeGroupFolder';
import type { ReporterPlacement } from '../config';

/**
 * What publishing (or removing) one application means for one node group's folder.
 *
 * @public
 */
export interface NodeGroupPlan {
  /** Nothing to do: removing an application that is not there. */
  absent: boolean;
  /** Placement errors (name or host port taken, wrong architecture): nothing may be written. */
  problems: Problem[];
  /** Repository paths to write (string) or delete (null). */
  changes: FileChanges;
  /** Files of apps/<app>/ after the change. */
  files: string[];
  summary: ChangeSummary;
}

/**
 * Works out the changes for one node group from what its folder holds now. Reads only.
 *
 * @public
 */
export async function planNodeGroup(
  folder: NodeGroupFolder,
  appName: string,
  app: EdgeApplication | undefined,
  group: NodeGroup,
  opts: { reporter?: ReporterPlacement } = {},
): Promise<NodeGroupPlan> {
  const existing = await folder.applications();
  const present = existing.includes(appName);
  const previous = present ? await folder.application(appName) : undefined;
  const changes: FileChanges = new Map();
  const empty = { changes, files: [], summary: summarizeChange(previous, app) };
  if (!app && !present) return { absent: true, problems: [], ...empty };

  if (app) {
    const others = (
      await Promise.all(
        existing.filter(a => a !== appName).map(a => folder.application(a)),
      )
    ).filter((a): a is EdgeApplication => Boolean(a));
    const problems = checkPlacement(app, group, others).filter(
      p => p.severity === 'error',
    );
    if (problems.length) return { absent: false, problems, ...empty };
  }
  // The application's folder is replaced as a whole: files no longer rendered disappear.
  changes.set(folder.path(`apps/${appName}`), null);
  let files: string[] = [];
  if (app) {
    const rendered = renderApplicationForNodeGroup(app, group);
    files = [...rendered.keys()];
    for (const [rel, content] of rendered)
      changes.set(folder.path(`apps/${appName}/${rel}`), content);
  }
  const apps = existing.filter(a => a !== appName);
  if (app) apps.push(appName);
  // The reporter's folder is edge-gitops' too: written whole while enabled, else removed.
  changes.set(folder.path(REPORTER_FOLDER), null);
  if (opts.reporter)
    for (const [rel, content] of renderReporterFolder(
      group.name,
      opts.reporter,
    ))
      changes.set(folder.path(`${REPORTER_FOLDER}/${rel}`), content);
  changes.set(
    folder.path('kustomization.yaml'),
    renderRootKustomization(apps, opts.reporter ? [REPORTER_FOLDER] : []),
  );
  if (!(await folder.hasFile('README.md')))
    changes.set(folder.path('README.md'), renderNodeGroupReadme(group));
  return {
    absent: false,
    problems: [],
    changes,
    files,
    summary: empty.summary,
  };
}
