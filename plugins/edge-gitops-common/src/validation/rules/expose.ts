import type { Container, EdgeService, WorkloadKind } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';

/**
 * The Service in front of a workload: node ports need a type that has them; named target ports exist.
 *
 * @public
 */
export function checkExpose(
  s: EdgeService,
  kind: WorkloadKind,
  path: string,
  p: Problems,
): void {
  if (!isPlainObject(s.expose)) return;
  const type = s.expose.type ?? 'ClusterIP';
  asArray<any>(s.expose.ports).forEach((port, i) => {
    const at = joinPath(joinPath(joinPath(path, 'expose'), 'ports'), i);
    if (port?.nodePort !== undefined && type === 'ClusterIP') {
      p.error(
        joinPath(at, 'nodePort'),
        'needs expose.type NodePort or LoadBalancer',
      );
    }
    if (
      typeof port?.nodePort === 'number' &&
      (port.nodePort < 30000 || port.nodePort > 32767)
    ) {
      p.warn(
        joinPath(at, 'nodePort'),
        `${port.nodePort} is outside the default node port range 30000-32767`,
      );
    }
    if (
      typeof port?.targetPort === 'string' &&
      !/^\d+$/.test(port.targetPort)
    ) {
      const named = asArray<Container>(s.containers).some(c =>
        asArray<any>(c?.ports).some(cp => cp?.name === port.targetPort),
      );
      if (!named)
        p.error(
          joinPath(at, 'targetPort'),
          `no container port is named ${port.targetPort}`,
        );
    }
  });
  if (kind === 'Job' || kind === 'CronJob')
    p.warn(
      joinPath(path, 'expose'),
      `a Service in front of a ${kind} only answers while it runs`,
    );
}
