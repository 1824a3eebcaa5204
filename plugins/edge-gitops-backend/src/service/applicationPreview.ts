import {
  ApplicationPreviewResponse,
  applicationFromFormInput,
  EdgeApplication,
  NodeGroup,
  NodeGroupDiff,
  PreviewChange,
  resolveTargets,
  targetProblems,
  validateApplication,
  ValidationOptions,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PlacementIndex } from '../placements/PlacementIndex';

/** What publishing would change in the given node groups (the publisher's diff). */
export type ApplicationDiffer = (
  app: EdgeApplication,
  nodeGroups: NodeGroup[],
) => Promise<NodeGroupDiff[]>;

/**
 * A dry run of publishing for the review step: the document shaped and validated as the
 * publish action does it, then the change each node group's git location would get. Only
 * the node groups it targets and those the placement index says hold it now are read, so a
 * preview costs the same on a fleet of ten or ten thousand. Identical changes are one entry.
 */
export async function applicationPreview(
  input: unknown,
  groups: readonly NodeGroup[],
  deps: {
    index: Pick<PlacementIndex, 'forApplication'>;
    diff: ApplicationDiffer;
    validation?: ValidationOptions;
  },
): Promise<ApplicationPreviewResponse> {
  const { document, problems } = applicationFromFormInput(input);
  const name = String((document as any)?.metadata?.name ?? '');
  const result = problems.length
    ? { valid: false, errors: problems, warnings: [] }
    : validateApplication(document, deps.validation);
  const refused = (errors = result.errors): ApplicationPreviewResponse => ({
    application: name,
    valid: false,
    errors,
    warnings: result.warnings,
    changes: [],
    unchanged: [],
  });
  if (!result.valid) return refused();
  const app = document as EdgeApplication;
  const targets = resolveTargets(app, groups);
  const wrongTargets = targetProblems(targets);
  if (wrongTargets.length) return refused(wrongTargets);
  const holding = new Set(
    (await deps.index.forApplication(name)).map(p => p.nodeGroup),
  );
  const targeted = new Set(targets.nodeGroups.map(g => g.name));
  const diffs = await deps.diff(
    app,
    groups.filter(g => targeted.has(g.name) || holding.has(g.name)),
  );
  const changes = new Map<string, PreviewChange>();
  const unchanged: string[] = [];
  for (const d of diffs) {
    if (!d.files.length && !d.problems.length) {
      unchanged.push(d.nodeGroup);
      continue;
    }
    const key = JSON.stringify([d.files, d.summary, d.problems]);
    const same = changes.get(key);
    if (same) same.nodeGroups.push(d.nodeGroup);
    else
      changes.set(key, {
        nodeGroups: [d.nodeGroup],
        files: d.files,
        summary: d.summary,
        problems: d.problems,
      });
  }
  return {
    application: name,
    valid: true,
    errors: [],
    warnings: result.warnings,
    changes: [...changes.values()],
    unchanged: unchanged.sort(),
  };
}
