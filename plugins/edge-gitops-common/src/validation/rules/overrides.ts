import type {
  Container,
  EdgeApplication,
  EdgeService,
} from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { isImageReference } from './containers';
import { checkEnv } from './env';
import { checkSelector } from './metadata';
import { checkResources } from './resources';
import { asArray } from './shared';
import { KIND_FIELDS } from './workloadKinds';

/**
 * spec.overrides: each says which node groups it is for and names real services and
 * containers; what it changes follows the same rules as the service itself.
 *
 * @public
 */
export function checkOverrides(app: EdgeApplication, p: Problems): void {
  const services = new Map(
    asArray<EdgeService>(app.spec?.services).map(s => [s?.name, s]),
  );
  asArray<any>(app.spec?.overrides).forEach((o, i) => {
    const at = joinPath('spec.overrides', i);
    if (!isPlainObject(o)) return;
    if (o.nodeGroups === undefined && o.selector === undefined) {
      p.error(
        at,
        'needs nodeGroups or selector: which node groups the override applies to',
      );
    }
    checkSelector(o.selector, joinPath(at, 'selector'), p);
    if (!isPlainObject(o.services)) return;
    for (const [name, change] of Object.entries(
      o.services as Record<string, any>,
    )) {
      const sAt = joinPath(joinPath(at, 'services'), name);
      const service = services.get(name);
      if (!service) {
        p.error(
          sAt,
          `names no service of the application (have: ${[
            ...services.keys(),
          ].join(', ')})`,
        );
        continue;
      }
      checkServiceOverride(change, service, sAt, p);
    }
  });
}

function checkServiceOverride(
  change: any,
  service: EdgeService,
  at: string,
  p: Problems,
) {
  const kind = service.kind ?? 'Deployment';
  if (
    change?.replicas !== undefined &&
    !KIND_FIELDS.replicas!.kinds.includes(kind)
  ) {
    p.error(
      joinPath(at, 'replicas'),
      `is for Deployments only; ${service.name} is a ${service.kind}`,
    );
  }
  if (
    typeof change?.container === 'string' &&
    !asArray<Container>(service.containers).some(
      c => c?.name === change.container,
    )
  ) {
    p.error(
      joinPath(at, 'container'),
      `service ${service.name} has no container ${change.container}`,
    );
  }
  checkEnv(change?.env, joinPath(at, 'env'), p);
  checkResources(change?.resources, joinPath(at, 'resources'), p);
  if (typeof change?.image === 'string' && !isImageReference(change.image)) {
    p.error(joinPath(at, 'image'), 'must be an image reference without spaces');
  }
}
