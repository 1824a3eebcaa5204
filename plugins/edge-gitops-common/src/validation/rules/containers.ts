import type { Container, EdgeService } from '../../model/types';
import { joinPath, Problems } from '../problems';
import { isPlainObject } from '../schemaDsl';
import { checkEnv } from './env';
import { checkResources } from './resources';
import { asArray } from './shared';

/** Mount points that give a container the node itself: only privileged containers get them. */
const PROTECTED_MOUNTS = ['/', '/var/run', '/proc', '/sys', '/dev'];

/**
 * An image reference as a container runtime reads it: not empty, no white space.
 *
 * @public
 */
export const isImageReference = (image: string): boolean =>
  image.trim() !== '' && !/\s/.test(image);

/**
 * Every container of a pod (init containers too): names unique across both lists, then
 * each container on its own.
 *
 * @public
 */
export function checkPodContainers(
  s: EdgeService,
  path: string,
  p: Problems,
  volumeNames: ReadonlySet<string>,
): void {
  const names = new Map<string, string>();
  for (const group of ['initContainers', 'containers'] as const) {
    asArray<Container>(s[group]).forEach((c, i) => {
      const at = joinPath(joinPath(path, group), i);
      if (typeof c?.name === 'string') {
        const first = names.get(c.name);
        if (first)
          p.error(
            joinPath(at, 'name'),
            `container name ${c.name} is already used at ${first}`,
          );
        else names.set(c.name, at);
      }
      checkContainer(c, at, p, volumeNames);
      if (group === 'initContainers') checkInitContainer(c, at, p);
    });
  }
}

/**
 * An init container runs to completion before the others start: Kubernetes refuses
 * probes and lifecycle hooks on it (they belong to containers that keep running).
 */
function checkInitContainer(c: Container, path: string, p: Problems): void {
  for (const field of [
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
  ] as const) {
    if ((c as any)?.[field] !== undefined)
      p.error(
        joinPath(path, field),
        `an init container runs to completion before the others start: Kubernetes takes no ${field} for it`,
      );
  }
}

/**
 * One container: image, env, resources, probes and hooks, privileges and mounts.
 *
 * @public
 */
export function checkContainer(
  c: Container,
  path: string,
  p: Problems,
  volumeNames: ReadonlySet<string>,
): void {
  if (typeof c?.image === 'string')
    checkImage(c.image, joinPath(path, 'image'), p);
  checkEnv(c?.env, joinPath(path, 'env'), p);
  checkResources(c?.resources, joinPath(path, 'resources'), p);
  for (const probe of [
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
  ] as const)
    checkHandler((c as any)?.[probe], joinPath(path, probe), p, probe);
  for (const hook of ['postStart', 'preStop'] as const) {
    checkHandler(
      (c?.lifecycle as any)?.[hook],
      joinPath(joinPath(path, 'lifecycle'), hook),
      p,
      hook,
    );
  }
  const privileged = c?.securityContext?.privileged === true;
  if (privileged)
    p.warn(
      joinPath(joinPath(path, 'securityContext'), 'privileged'),
      'runs privileged: full access to the node',
    );
  checkMounts(c, path, p, volumeNames, privileged);
}

function checkImage(image: string, at: string, p: Problems) {
  if (!isImageReference(image)) {
    p.error(
      at,
      'must be an image reference without spaces, such as nginx:1.27',
    );
    return;
  }
  const lastPart = image.split('/').pop() ?? '';
  const tagged = lastPart.includes(':') || image.includes('@sha256:');
  if (!tagged)
    p.warn(
      at,
      `${image} has no tag; pin a version so every node runs the same image`,
    );
  else if (lastPart.endsWith(':latest'))
    p.warn(
      at,
      `${image} uses latest; pin a version so every node runs the same image`,
    );
}

/** A probe or lifecycle hook does exactly one thing. */
function checkHandler(handler: any, path: string, p: Problems, what: string) {
  if (!isPlainObject(handler)) return;
  const kinds = ['httpGet', 'tcpSocket', 'exec', 'grpc', 'sleep'].filter(
    k => handler[k] !== undefined,
  );
  if (kinds.length !== 1) {
    p.error(
      path,
      `${what} needs exactly one of httpGet, tcpSocket or exec${
        kinds.length ? `, got ${kinds.join(' and ')}` : ''
      }`,
    );
  }
}

function checkMounts(
  c: Container,
  path: string,
  p: Problems,
  volumeNames: ReadonlySet<string>,
  privileged: boolean,
) {
  asArray<any>(c?.volumeMounts).forEach((m, i) => {
    const at = joinPath(joinPath(path, 'volumeMounts'), i);
    if (typeof m?.name === 'string' && !volumeNames.has(m.name)) {
      p.error(
        joinPath(at, 'name'),
        `mounts volume ${JSON.stringify(
          m.name,
        )}, which is not in volumes (have: ${
          [...volumeNames].join(', ') || 'none'
        })`,
      );
    }
    if (typeof m?.mountPath === 'string') {
      // /proc/., /var//run and /dev/../dev are the same folders as /proc, /var/run, /dev.
      const normalised = normaliseAbsolute(m.mountPath);
      if (!m.mountPath.startsWith('/'))
        p.error(joinPath(at, 'mountPath'), 'must be an absolute path');
      if (PROTECTED_MOUNTS.includes(normalised) && !privileged) {
        p.error(
          joinPath(at, 'mountPath'),
          `mounting on ${normalised} needs securityContext.privileged: true`,
        );
      }
    }
  });
}

/** An absolute path with ".", ".." and repeated or trailing slashes resolved. */
function normaliseAbsolute(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
