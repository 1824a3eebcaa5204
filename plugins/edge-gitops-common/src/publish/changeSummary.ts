import type { EdgeApplication, EdgeService } from '../model/types';

/** @public */
export interface ChangeSummary {
  added: string[];
  changed: string[];
  removed: string[];
  /** image changes as "service/container: old -\> new" (or just the new image when added). */
  images: string[];
}

const byName = (app: EdgeApplication | undefined) =>
  new Map(
    (app?.spec.services ?? []).map(s => [s.name, s] as [string, EdgeService]),
  );

const stable = (v: unknown) => JSON.stringify(v);

/**
 * What a publish changes in one application, for commit messages and review summaries.
 *
 * @public
 */
export function summarizeChange(
  before: EdgeApplication | undefined,
  after: EdgeApplication | undefined,
): ChangeSummary {
  const old = byName(before);
  const now = byName(after);
  const summary: ChangeSummary = {
    added: [],
    changed: [],
    removed: [],
    images: [],
  };
  for (const [name, s] of now) {
    const prev = old.get(name);
    if (!prev) summary.added.push(name);
    else if (stable(prev) !== stable(s)) summary.changed.push(name);
    for (const c of s.containers) {
      const prevImage = prev?.containers.find(p => p.name === c.name)?.image;
      if (prevImage !== c.image)
        summary.images.push(
          prevImage
            ? `${name}/${c.name}: ${prevImage} -> ${c.image}`
            : `${name}/${c.name}: ${c.image}`,
        );
    }
  }
  for (const name of old.keys()) if (!now.has(name)) summary.removed.push(name);
  return summary;
}

/** @public */
export interface CommitMessageInput {
  application: string;
  nodeGroup: string;
  action: 'publish' | 'remove';
  summary: ChangeSummary;
  /** The Backstage user who asked, as an entity ref. */
  requestedBy?: string;
  /** The batch job whose wave made this commit: a re-run finds its push by this trailer. */
  batchJob?: string;
}

/**
 * One commit message per node group: the application, the change and who asked.
 *
 * @public
 */
export function commitMessage(input: CommitMessageInput): string {
  const { summary: s } = input;
  const title =
    input.action === 'remove'
      ? `edge-gitops: remove ${input.application} from ${input.nodeGroup}`
      : `edge-gitops: publish ${input.application} to ${input.nodeGroup}`;
  const lines = [title, ''];
  if (s.added.length) lines.push(`Services added: ${s.added.join(', ')}`);
  if (s.changed.length) lines.push(`Services changed: ${s.changed.join(', ')}`);
  if (s.removed.length) lines.push(`Services removed: ${s.removed.join(', ')}`);
  if (
    !s.added.length &&
    !s.changed.length &&
    !s.removed.length &&
    input.action === 'publish'
  ) {
    lines.push('Services unchanged; other settings changed');
  }
  if (s.images.length)
    lines.push('', 'Images:', ...s.images.map(i => `  ${i}`));
  // Trailers: one block at the end, as git interpret-trailers reads them.
  const trailers = [
    ...(input.requestedBy ? [`Requested-by: ${input.requestedBy}`] : []),
    ...(input.batchJob ? [`Batch-Job: ${input.batchJob}`] : []),
  ];
  if (trailers.length) lines.push('', ...trailers);
  return `${lines.join('\n')}\n`;
}
