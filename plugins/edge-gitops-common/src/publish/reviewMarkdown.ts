import { createTwoFilesPatch } from 'diff';
import type { Problem } from '../validation/problems';
import type { ChangeSummary } from './changeSummary';

/** @public */
export interface FileDiff {
  /** Path in the repository. */
  path: string;
  status: 'added' | 'changed' | 'removed';
  before?: string;
  after?: string;
}

/** @public */
export interface NodeGroupDiff {
  nodeGroup: string;
  files: FileDiff[];
  summary: ChangeSummary;
  /** Why this node group cannot take the change (placement, permissions, git errors). */
  problems: Problem[];
}

const MAX_PATCH_LINES = 400;

/**
 * How many files a change adds, changes and removes: "2 added, 1 changed" (empty when none).
 *
 * @public
 */
export function fileCounts(files: readonly FileDiff[]): string {
  return (['added', 'changed', 'removed'] as const)
    .map(s => [s, files.filter(f => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

/**
 * A file's change as a unified diff (3 lines of context), cut after 400 lines.
 *
 * @public
 */
export function filePatch(f: FileDiff): string {
  const text = createTwoFilesPatch(
    `a/${f.path}`,
    `b/${f.path}`,
    f.before ?? '',
    f.after ?? '',
    '',
    '',
    { context: 3 },
  );
  // Drop the ===== line of createTwoFilesPatch and the tab it puts after empty file headers.
  const lines = text
    .split('\n')
    .slice(1)
    .map(l => (l.startsWith('--- ') || l.startsWith('+++ ') ? l.trimEnd() : l));
  if (lines.length <= MAX_PATCH_LINES) return lines.join('\n');
  return `${lines.slice(0, MAX_PATCH_LINES).join('\n')}\n... ${
    lines.length - MAX_PATCH_LINES
  } more lines`;
}

/**
 * A markdown summary of a change for a pull request: per node group, what changes, the
 * file diffs folded away, and the warnings reviewers should see (privileged, host access...).
 *
 * @public
 */
export function reviewMarkdown(
  application: string,
  diffs: readonly NodeGroupDiff[],
  warnings: readonly Problem[] = [],
): string {
  const out: string[] = [`## edge-gitops: ${application}`, ''];
  const changed = diffs.filter(d => d.files.length > 0);
  const failing = diffs.filter(d => d.problems.length > 0);
  out.push(
    `${changed.length} of ${diffs.length} node groups change${
      failing.length ? `, ${failing.length} cannot take it` : ''
    }.`,
    '',
  );
  out.push(
    '| Node group | Files | Services | Images |',
    '| --- | --- | --- | --- |',
  );
  for (const d of diffs) {
    const counts = fileCounts(d.files);
    const services = [
      ...d.summary.added.map(s => `+${s}`),
      ...d.summary.changed.map(s => `~${s}`),
      ...d.summary.removed.map(s => `-${s}`),
    ].join(' ');
    const files = d.problems.length
      ? `**cannot publish**: ${d.problems.map(p => p.message).join('; ')}`
      : counts || 'no change';
    out.push(
      `| ${d.nodeGroup} | ${files.replace(
        /\|/g,
        '\\|',
      )} | ${services} | ${d.summary.images.join('<br>')} |`,
    );
  }
  if (warnings.length) {
    out.push('', '### For reviewers', '');
    for (const w of warnings) out.push(`- \`${w.path}\`: ${w.message}`);
  }
  for (const d of changed) {
    out.push('', `### ${d.nodeGroup}`, '');
    for (const f of d.files) {
      out.push(
        '<details>',
        `<summary><code>${f.path}</code> ${f.status}</summary>`,
        '',
        '```diff',
        filePatch(f),
        '```',
        '</details>',
      );
    }
  }
  return `${out.join('\n')}\n`;
}
