import { matchesSelector } from '@edge-gitops/plugin-edge-gitops-common';
import type { KubeObject } from './kubeApi/objectStore';

type Taint = { key: string; value?: string; effect: string };
type Toleration = {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
};

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some(
    t =>
      (!t.effect || t.effect === taint.effect) &&
      ((!t.key && t.operator === 'Exists') ||
        (t.key === taint.key &&
          (t.operator === 'Exists' ||
            (t.value ?? '') === (taint.value ?? '')))),
  );
}

/** Why a pod cannot run on a node, in the scheduler's words; undefined when it can. */
export function unfitReason(
  podSpec: any,
  node: KubeObject,
  usedHostPorts: ReadonlySet<string> = new Set(),
): string | undefined {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(podSpec?.nodeSelector ?? {}))
    if (labels[k] !== v) return "didn't match Pod's node affinity/selector";
  const terms =
    podSpec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (
    Array.isArray(terms) &&
    terms.length > 0 &&
    !terms.some((term: any) =>
      matchesSelector(labels, {
        matchExpressions: term.matchExpressions ?? [],
      }),
    )
  )
    return "didn't match Pod's node affinity/selector";
  const untolerated = ((node.spec?.taints ?? []) as Taint[]).find(
    taint =>
      taint.effect !== 'PreferNoSchedule' &&
      !tolerates(podSpec?.tolerations ?? [], taint),
  );
  if (untolerated)
    return `had untolerated taint {${untolerated.key}: ${
      untolerated.value ?? ''
    }}`;
  for (const port of hostPortsOf(podSpec))
    if (usedHostPorts.has(port))
      return "didn't have free ports for the requested pod ports";
  return undefined;
}

/** The host ports a pod claims, as "protocol/port". */
export function hostPortsOf(podSpec: any): string[] {
  const ports: string[] = [];
  for (const c of podSpec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort) ports.push(`${p.protocol ?? 'TCP'}/${p.hostPort}`);
  if (podSpec?.hostNetwork)
    for (const c of podSpec?.containers ?? [])
      for (const p of c.ports ?? [])
        if (!p.hostPort)
          ports.push(`${p.protocol ?? 'TCP'}/${p.containerPort}`);
  return ports;
}

/** The scheduler's summary when no node fits: "0/3 nodes are available: 2 node(s) ...". */
export function unschedulableMessage(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([r, n]) => `${n} node(s) ${r}`);
  return `0/${reasons.length} nodes are available: ${parts.join(', ')}.`;
}
