import {
  commitUrl,
  type NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { PublishResult } from '@edge-gitops/plugin-edge-gitops-node';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * A markdown table of every node group's outcome, for the template's output page. A commit
 * links to its page on the git host when the node group's repository has one.
 *
 * @public
 */
export function outcomeMarkdown(
  result: PublishResult,
  nodeGroups: readonly NodeGroup[] = [],
): string {
  const urls = new Map(nodeGroups.map(g => [g.name, g.git.url]));
  const commit = (nodeGroup: string, sha: string | undefined) => {
    if (!sha) return '';
    const repo = urls.get(nodeGroup);
    const url = repo ? commitUrl(repo, sha) : undefined;
    return url ? `[${sha.slice(0, 8)}](${url})` : sha.slice(0, 8);
  };
  const rows = result.outcomes.map(
    o =>
      `| ${o.nodeGroup} | ${o.status} | ${commit(o.nodeGroup, o.sha)} | ${cell(
        o.reason ?? '',
      )} |`,
  );
  return [
    '| Node group | Outcome | Commit | Reason |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
