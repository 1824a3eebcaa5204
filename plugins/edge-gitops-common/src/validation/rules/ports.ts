import type { Container, EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { asArray } from './shared';

/**
 * No container port, and no host port, is used twice in one pod (per protocol): the second
 * container would fail to bind. Init containers run before and are not counted.
 *
 * @public
 */
export function checkPodPorts(s: EdgeService, path: string, p: Problems): void {
  const ports = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  asArray<Container>(s.containers).forEach((c, i) => {
    const at = joinPath(joinPath(path, 'containers'), i);
    asArray<any>(c?.ports).forEach((port, j) => {
      const portAt = joinPath(joinPath(at, 'ports'), j);
      const protocol = port?.protocol ?? 'TCP';
      if (typeof port?.containerPort === 'number') {
        const key = `${port.containerPort}/${protocol}`;
        const first = ports.get(key);
        if (first)
          p.error(
            joinPath(portAt, 'containerPort'),
            `${key} is already used in this pod at ${first}`,
          );
        else ports.set(key, portAt);
      }
      if (typeof port?.hostPort === 'number') {
        const key = `${port.hostPort}/${protocol}`;
        const first = hostPorts.get(key);
        if (first)
          p.error(
            joinPath(portAt, 'hostPort'),
            `host port ${key} is already used in this pod at ${first}`,
          );
        else hostPorts.set(key, portAt);
      }
    });
  });
}
