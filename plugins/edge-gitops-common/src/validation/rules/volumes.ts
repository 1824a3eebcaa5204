import type { EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { asArray } from './shared';

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'configMap',
  'secret',
  'persistentVolumeClaim',
] as const;

/**
 * Volumes have unique names and exactly one source; hostPath is shown to reviewers. Returns the names.
 *
 * @public
 */
export function checkVolumes(
  s: EdgeService,
  path: string,
  p: Problems,
): Set<string> {
  const names = new Set<string>();
  asArray<any>(s.volumes).forEach((v, i) => {
    const at = joinPath(joinPath(path, 'volumes'), i);
    if (typeof v?.name === 'string') {
      if (names.has(v.name))
        p.error(joinPath(at, 'name'), `volume ${v.name} is declared twice`);
      names.add(v.name);
    }
    if (!isPlainObject(v)) return;
    const sources = VOLUME_SOURCES.filter(k => v[k] !== undefined);
    if (sources.length !== 1) {
      p.error(
        at,
        `needs exactly one of ${VOLUME_SOURCES.slice(0, -1).join(', ')} or ${
          VOLUME_SOURCES[VOLUME_SOURCES.length - 1]
        }${sources.length ? `, got ${sources.join(' and ')}` : ''}`,
      );
    }
    if (v.hostPath)
      p.warn(
        joinPath(joinPath(at, 'hostPath'), 'path'),
        `mounts ${v.hostPath.path} from the node`,
      );
  });
  return names;
}
