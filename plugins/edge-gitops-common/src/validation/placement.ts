import { resolveForNodeGroup } from '../model/targets';
import type { EdgeApplication, EdgeService } from '../model/types';
import type { NodeGroup } from '../nodeGroup';
import { joinPath, Problem } from './problems';

/** Ports the services bind on the node, as the node group gets them (overrides applied). */
function hostPorts(services: readonly EdgeService[]) {
  const out: { key: string; service: string; path: string }[] = [];
  services.forEach((s, i) => {
    s.containers.forEach((c, j) =>
      (c.ports ?? []).forEach((p, k) => {
        // With hostNetwork every container port binds on the node as well.
        const port =
          p.hostPort ?? (s.hostNetwork ? p.containerPort : undefined);
        if (port === undefined) return;
        out.push({
          key: `${port}/${p.protocol ?? 'TCP'}`,
          service: s.name,
          path: `spec.services[${i}].containers[${j}].ports[${k}]`,
        });
      }),
    );
  });
  return out;
}

/**
 * Publish-time checks for one node group (see docs/application.md): a service name or host port that
 * another application already uses there, and images whose architectures miss the group's arch.
 *
 * @public
 */
export function checkPlacement(
  app: EdgeApplication,
  group: NodeGroup,
  others: readonly EdgeApplication[],
): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) =>
    problems.push({ severity: 'error', path, message });
  const ns = app.metadata.namespace ?? 'default';
  // The application as this node group gets it, resolved once for every check below.
  const mine = resolveForNodeGroup(app, group).services;
  const myPorts = hostPorts(mine);
  for (const other of others) {
    if (other.metadata.name === app.metadata.name) continue;
    const otherNs = other.metadata.namespace ?? 'default';
    const otherServices = new Set((other.spec.services ?? []).map(s => s.name));
    (app.spec.services ?? []).forEach((s, i) => {
      if (otherNs === ns && otherServices.has(s.name)) {
        error(
          joinPath(joinPath('spec.services', i), 'name'),
          `service ${s.name} is already deployed to node group ${group.name} by application ${other.metadata.name} in namespace ${ns}`,
        );
      }
    });
    const taken = new Map(
      hostPorts(resolveForNodeGroup(other, group).services).map(p => [
        p.key,
        p.service,
      ]),
    );
    for (const p of myPorts) {
      const by = taken.get(p.key);
      if (by)
        error(
          joinPath(p.path, 'hostPort'),
          `host port ${p.key} is already used in node group ${group.name} by application ${other.metadata.name} (service ${by})`,
        );
    }
  }
  const arch = group.labels.arch;
  if (arch) {
    mine.forEach((s, i) =>
      s.containers.forEach((c, j) => {
        if (c.architectures && !c.architectures.includes(arch)) {
          error(
            `spec.services[${i}].containers[${j}].architectures`,
            `image ${c.image} is built for ${c.architectures.join(
              ', ',
            )}, but node group ${
              group.name
            } is ${arch}; add an override with an ${arch} image`,
          );
        }
      }),
    );
  }
  return problems;
}
