import {
  NodeGroup,
  resolveTargets,
  TargetResolution,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { EdgeTargetsValue } from './schema';

/** Key/value rows as a record: empty keys dropped, the last of a repeated key wins. */
export function recordOf(
  rows: readonly { key: string; value: string }[],
): Record<string, string> | undefined {
  const entries = rows
    .filter(r => r.key.trim())
    .map(r => [r.key.trim(), r.value.trim()] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The targets as the model holds them: what was not filled in is left out. */
export function targetsOf(parts: {
  nodeGroups: readonly string[];
  matchLabels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
}): EdgeTargetsValue {
  return {
    ...(parts.nodeGroups.length ? { nodeGroups: [...parts.nodeGroups] } : {}),
    ...(parts.matchLabels
      ? { selector: { matchLabels: parts.matchLabels } }
      : {}),
    ...(parts.nodeSelector ? { nodeSelector: parts.nodeSelector } : {}),
  };
}

/** Which node groups the targets match, by the model's own rule (resolveTargets). */
export function matchedBy(
  targets: EdgeTargetsValue | undefined,
  groups: readonly NodeGroup[],
): TargetResolution {
  return resolveTargets(
    { spec: { targets: targets ?? {} } } as Parameters<
      typeof resolveTargets
    >[0],
    groups,
  );
}
