import { parseAllDocuments } from 'yaml';
import { LABEL_PART_OF } from '../constants';

/**
 * A workload a node group's git location says its cluster should run.
 *
 * @public
 */
export interface PlacedWorkload {
  kind: string;
  name: string;
  namespace: string;
}

/**
 * What one application's folder (apps/<app>/) holds at a commit, as the placement index
 * keeps it: read from the manifests the cluster applies, not from the model, so YAML-mode
 * applications and hand edits count too.
 *
 * @public
 */
export interface PlacedApplication {
  application: string;
  /** Paths relative to apps/<app>/, sorted. */
  files: string[];
  /** Workloads the status rules follow (they carry the application's part-of label). */
  workloads: PlacedWorkload[];
  /** Container images, init containers included; distinct and sorted. */
  images: string[];
  /** Ports bound on the node ("8080/TCP"), host network included; distinct and sorted. */
  hostPorts: string[];
}

/**
 * Kinds whose status the backend follows (status/applicationStatus.ts).
 *
 * @public
 */
export const FOLLOWED_WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'DaemonSet',
  'Job',
  'CronJob',
  'StatefulSet',
]);

type Obj = Record<string, any>;

/** The pod spec of an object: a Pod's own, a workload's template, a CronJob's job template. */
function podSpecOf(o: Obj): Obj | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object of a YAML stream; a file that does not parse holds none. */
function objectsOf(text: string): Obj[] {
  try {
    return parseAllDocuments(text)
      .filter(d => d.errors.length === 0)
      .map(d => d.toJS())
      .filter(isObject);
  } catch {
    return [];
  }
}

const isYaml = (file: string) => /\.ya?ml$/.test(file);

/**
 * Summarises an application's folder: its files, the workloads it places, their images and
 * the ports they bind on the node. The folder's kustomization may set the namespace.
 *
 * @public
 */
export function placedApplication(
  application: string,
  files: ReadonlyMap<string, string>,
): PlacedApplication {
  const objects = [...files]
    .filter(([file]) => isYaml(file))
    .flatMap(([, text]) => objectsOf(text));
  const kustomization = objects.find(
    o =>
      o.kind === 'Kustomization' &&
      String(o.apiVersion ?? '').startsWith('kustomize.config.k8s.io'),
  );
  const namespaceOf = (o: Obj) =>
    (typeof kustomization?.namespace === 'string' && kustomization.namespace) ||
    (typeof o.metadata?.namespace === 'string' && o.metadata.namespace) ||
    'default';
  const workloads: PlacedWorkload[] = [];
  const images = new Set<string>();
  const hostPorts = new Set<string>();
  for (const o of objects) {
    if (
      FOLLOWED_WORKLOAD_KINDS.has(o.kind) &&
      typeof o.metadata?.name === 'string' &&
      o.metadata?.labels?.[LABEL_PART_OF] === application
    )
      workloads.push({
        kind: o.kind,
        name: o.metadata.name,
        namespace: namespaceOf(o),
      });
    const spec = podSpecOf(o);
    if (!isObject(spec)) continue;
    const containers = [
      ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
      ...(Array.isArray(spec.containers) ? spec.containers : []),
    ].filter(isObject);
    for (const c of containers) {
      if (typeof c.image === 'string') images.add(c.image);
      for (const p of Array.isArray(c.ports) ? c.ports.filter(isObject) : []) {
        const port =
          p.hostPort ??
          (spec.hostNetwork === true ? p.containerPort : undefined);
        if (typeof port === 'number')
          hostPorts.add(`${port}/${p.protocol ?? 'TCP'}`);
      }
    }
  }
  return {
    application,
    files: [...files.keys()].sort(),
    workloads: workloads.sort((a, b) =>
      `${a.kind}/${a.namespace}/${a.name}`.localeCompare(
        `${b.kind}/${b.namespace}/${b.name}`,
      ),
    ),
    images: [...images].sort(),
    hostPorts: [...hostPorts].sort(
      (a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b),
    ),
  };
}
