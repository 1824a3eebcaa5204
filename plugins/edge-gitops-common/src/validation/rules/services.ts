import type { EdgeApplication, EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { checkPodContainers } from './containers';
import { checkExpose } from './expose';
import { checkAnnotations, checkLabels } from './metadata';
import { checkPodPorts } from './ports';
import { asArray } from './shared';
import { checkVolumes } from './volumes';
import { checkWorkloadKind } from './workloadKinds';

/**
 * spec.services: at least one (or YAML-mode manifests), unique names, each service checked.
 *
 * @public
 */
export function checkServices(app: EdgeApplication, p: Problems): void {
  if (
    isPlainObject(app.spec) &&
    asArray(app.spec.services).length === 0 &&
    asArray(app.spec.manifests).length === 0
  ) {
    p.error(
      'spec.services',
      'needs at least one service (or, in YAML mode, at least one object in spec.manifests)',
    );
  }
  const seen = new Map<string, number>();
  asArray<EdgeService>(app.spec?.services).forEach((s, i) => {
    const at = joinPath('spec.services', i);
    if (typeof s?.name === 'string') {
      if (seen.has(s.name))
        p.error(
          joinPath(at, 'name'),
          `service name ${s.name} is already used by spec.services[${seen.get(
            s.name,
          )}]`,
        );
      else seen.set(s.name, i);
    }
    checkService(s, at, p);
  });
}

/**
 * One service: its kind's rules, host access, volumes, containers, ports, Service and labels.
 *
 * @public
 */
export function checkService(s: EdgeService, path: string, p: Problems): void {
  if (!isPlainObject(s)) return;
  const kind = s.kind ?? 'Deployment';
  checkWorkloadKind(s, kind, path, p);
  if (s.hostNetwork)
    p.warn(
      joinPath(path, 'hostNetwork'),
      "uses the node's network: ports bind on the node itself",
    );
  if (s.hostPID)
    p.warn(joinPath(path, 'hostPID'), 'sees every process on the node');
  const volumeNames = checkVolumes(s, path, p);
  checkPodContainers(s, path, p, volumeNames);
  checkPodPorts(s, path, p);
  checkExpose(s, kind, path, p);
  for (const field of ['labels', 'podLabels'] as const)
    checkLabels(s[field], joinPath(path, field), p);
  for (const field of ['annotations', 'podAnnotations'] as const)
    checkAnnotations(s[field], joinPath(path, field), p);
}
