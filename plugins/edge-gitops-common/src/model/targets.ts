import { InputError } from '@backstage/errors';
import { formatSelector, matchesSelector } from '../kube/labelSelector';
import type { NodeGroup } from '../nodeGroup';
import type { Problem } from '../validation/problems';
import type {
  EdgeApplication,
  EdgeService,
  Override,
  ServiceOverride,
} from './types';

/** @public */
export interface TargetResolution {
  /** Node groups the application goes to, sorted by name. */
  nodeGroups: NodeGroup[];
  /** Node groups named in targets.nodeGroups that do not exist. */
  unknownNames: string[];
  /** Set when nothing matched: the selector as kubectl would print it. */
  emptyBecause?: string;
}

/**
 * Node groups picked by name or by label selector (a union of both).
 *
 * @public
 */
export function resolveTargets(
  app: EdgeApplication,
  all: readonly NodeGroup[],
): TargetResolution {
  const { nodeGroups: names = [], selector } = app.spec.targets;
  const byName = new Map(all.map(g => [g.name, g]));
  const picked = new Map<string, NodeGroup>();
  const unknownNames: string[] = [];
  for (const name of names) {
    const group = byName.get(name);
    if (group) picked.set(name, group);
    else unknownNames.push(name);
  }
  if (selector) {
    for (const group of all)
      if (matchesSelector(group.labels, selector))
        picked.set(group.name, group);
  }
  const nodeGroups = [...picked.values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const described = [
    names.length ? `nodeGroups [${names.join(', ')}]` : '',
    selector ? `selector ${formatSelector(selector)}` : '',
  ].filter(Boolean);
  return {
    nodeGroups,
    unknownNames,
    ...(nodeGroups.length === 0
      ? {
          emptyBecause: `no node group matches ${
            described.join(' or ') || 'empty targets'
          }`,
        }
      : {}),
  };
}

/**
 * What is wrong with a resolution, with the field it concerns: names of node groups that do
 * not exist (`spec.targets.nodeGroups`), else targets that match none (`spec.targets`).
 *
 * @public
 */
export function targetProblems(resolution: TargetResolution): Problem[] {
  if (resolution.unknownNames.length)
    return [
      {
        severity: 'error',
        path: 'spec.targets.nodeGroups',
        message: `no node group named ${resolution.unknownNames.join(', ')}`,
      },
    ];
  if (resolution.emptyBecause)
    return [
      {
        severity: 'error',
        path: 'spec.targets',
        message: resolution.emptyBecause,
      },
    ];
  return [];
}

/**
 * Targets that name missing node groups, or match none: an InputError (HTTP 400, a failed
 * scaffolder step with the message), shown with the selector.
 *
 * @public
 */
export class TargetsError extends InputError {}

/**
 * The node groups an application goes to; throws TargetsError when the targets are wrong.
 *
 * @public
 */
export function requireTargets(
  app: EdgeApplication,
  all: readonly NodeGroup[],
): NodeGroup[] {
  const targets = resolveTargets(app, all);
  const [problem] = targetProblems(targets);
  if (problem)
    throw new TargetsError(
      `${problem.path}: ${problem.message}${
        targets.unknownNames.length
          ? ` (have: ${all.map(g => g.name).join(', ')})`
          : ''
      }`,
    );
  return targets.nodeGroups;
}

function overrideApplies(o: Override, group: NodeGroup): boolean {
  return Boolean(
    o.nodeGroups?.includes(group.name) ||
      (o.selector && matchesSelector(group.labels, o.selector)),
  );
}

function applyServiceOverride(
  service: EdgeService,
  change: ServiceOverride,
): EdgeService {
  const index = Math.max(
    0,
    change.container
      ? service.containers.findIndex(c => c.name === change.container)
      : 0,
  );
  const containers = service.containers.map((c, i) => {
    if (i !== index) return c;
    const next = { ...c };
    if (change.image !== undefined) next.image = change.image;
    if (change.architectures !== undefined)
      next.architectures = [...change.architectures];
    if (change.args !== undefined) next.args = [...change.args];
    if (change.command !== undefined) next.command = [...change.command];
    if (change.resources !== undefined) next.resources = change.resources;
    if (change.env !== undefined) {
      // Merged by name: overridden names keep their position, new ones are appended.
      const env = [...(c.env ?? [])];
      for (const e of change.env) {
        const at = env.findIndex(x => x.name === e.name);
        if (at >= 0) env[at] = e;
        else env.push(e);
      }
      next.env = env;
    }
    return next;
  });
  return {
    ...service,
    containers,
    ...(change.replicas !== undefined ? { replicas: change.replicas } : {}),
  };
}

/** @public */
export interface ResolvedApplication {
  app: EdgeApplication;
  group: NodeGroup;
  services: EdgeService[];
  /** targets.nodeSelector merged with per-group override nodeSelectors, per service. */
  nodeSelectors: Map<string, Record<string, string>>;
}

/**
 * The application as one node group gets it: overrides applied in order, later wins.
 *
 * @public
 */
export function resolveForNodeGroup(
  app: EdgeApplication,
  group: NodeGroup,
): ResolvedApplication {
  let services = (app.spec.services ?? []).map(s => ({ ...s }));
  const base = app.spec.targets.nodeSelector ?? {};
  const nodeSelectors = new Map(services.map(s => [s.name, { ...base }]));
  for (const o of app.spec.overrides ?? []) {
    if (!overrideApplies(o, group)) continue;
    services = services.map(s => {
      const change = o.services[s.name];
      if (!change) return s;
      if (change.nodeSelector)
        Object.assign(nodeSelectors.get(s.name)!, change.nodeSelector);
      return applyServiceOverride(s, change);
    });
  }
  return { app, group, services, nodeSelectors };
}
