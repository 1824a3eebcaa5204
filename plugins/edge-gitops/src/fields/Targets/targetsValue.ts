import {
  NodeGroup,
  resolveTargets,
  TargetResolution,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ExpressionRow } from './ExpressionRows';
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

/** Expression rows as matchExpressions: rows without a key dropped, values split on commas. */
export function expressionsOf(rows: readonly ExpressionRow[]) {
  const out = rows
    .filter(r => r.key.trim())
    .map(r => ({
      key: r.key.trim(),
      operator: r.operator,
      ...(r.operator === 'In' || r.operator === 'NotIn'
        ? {
            values: r.values
              .split(',')
              .map(v => v.trim())
              .filter(Boolean),
          }
        : {}),
    }));
  return out.length ? out : undefined;
}

/** The targets as the model holds them: what was not filled in is left out. */
export function targetsOf(parts: {
  nodeGroups: readonly string[];
  matchLabels?: Record<string, string>;
  matchExpressions?: ReturnType<typeof expressionsOf>;
  nodeSelector?: Record<string, string>;
}): EdgeTargetsValue {
  const { matchLabels, matchExpressions } = parts;
  return {
    ...(parts.nodeGroups.length ? { nodeGroups: [...parts.nodeGroups] } : {}),
    ...(matchLabels || matchExpressions
      ? {
          selector: {
            ...(matchLabels ? { matchLabels } : {}),
            ...(matchExpressions ? { matchExpressions } : {}),
          },
        }
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

/**
 * Images whose declared architectures miss a node group's `arch` label: what publishing
 * refuses there (unless an override gives that node group another image).
 */
export function architectureMismatches(
  services: unknown,
  arch: string | undefined,
): string[] {
  if (!arch || !Array.isArray(services)) return [];
  return services.flatMap((s: any) =>
    (Array.isArray(s?.containers) ? s.containers : [])
      .filter(
        (c: any) =>
          Array.isArray(c?.architectures) &&
          c.architectures.length > 0 &&
          !c.architectures.includes(arch),
      )
      .map((c: any) => `${c.image} (${c.architectures.join(', ')})`),
  );
}
