import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';

/**
 * A markdown table of every node group's outcome, for the template's output page.
 *
 * @public
 */
export function outcomeMarkdown(result: PublishResult): string {
  const rows = result.outcomes.map(
    o =>
      `| ${o.nodeGroup} | ${o.status} | ${o.sha ? o.sha.slice(0, 8) : ''} | ${(
        o.reason ?? ''
      ).replace(/\|/g, '\\|')} |`,
  );
  return [
    '| Node group | Outcome | Commit | Reason |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
