import {
  API_VERSION,
  Container,
  EdgeService,
  EnvVar,
  KIND,
  Problem,
  pruneEmpty,
  validateApplication,
  Volume,
  VolumeMount,
  WorkloadKind,
} from '@edge-gitops/plugin-edge-gitops-common';

/** Where an env var's value comes from, as the manuals' "add service" offers it. */
export type EnvSource =
  | 'value'
  | 'secret'
  | 'configMap'
  | 'hostIP'
  | 'podIP'
  | 'podName'
  | 'nodeName';

/** The pod fields the downward API gives a container, by the name the form uses. */
const FIELD_PATHS: Record<string, string> = {
  hostIP: 'status.hostIP',
  podIP: 'status.podIP',
  podName: 'metadata.name',
  nodeName: 'spec.nodeName',
};

export const ENV_SOURCES: { value: EnvSource; label: string }[] = [
  { value: 'value', label: 'Value' },
  { value: 'secret', label: 'Secret key' },
  { value: 'configMap', label: 'Config map key' },
  { value: 'hostIP', label: "Node's IP" },
  { value: 'podIP', label: "Pod's IP" },
  { value: 'podName', label: "Pod's name" },
  { value: 'nodeName', label: "Node's name" },
];

export function envSourceOf(env: EnvVar): EnvSource {
  const from = env.valueFrom;
  if (from?.secretKeyRef) return 'secret';
  if (from?.configMapKeyRef) return 'configMap';
  const path = from?.fieldRef?.fieldPath;
  const known = Object.entries(FIELD_PATHS).find(([, p]) => p === path);
  return (known?.[0] as EnvSource) ?? 'value';
}

/** An env var of the given source, keeping its name and what can carry over. */
export function envWith(
  env: EnvVar,
  source: EnvSource,
  parts: { value?: string; ref?: string; key?: string } = {},
): EnvVar {
  const ref =
    parts.ref ??
    env.valueFrom?.secretKeyRef?.name ??
    env.valueFrom?.configMapKeyRef?.name ??
    '';
  const key =
    parts.key ??
    env.valueFrom?.secretKeyRef?.key ??
    env.valueFrom?.configMapKeyRef?.key ??
    '';
  switch (source) {
    case 'value':
      return { name: env.name, value: parts.value ?? env.value ?? '' };
    case 'secret':
      return {
        name: env.name,
        valueFrom: { secretKeyRef: { name: ref, key } },
      };
    case 'configMap':
      return {
        name: env.name,
        valueFrom: { configMapKeyRef: { name: ref, key } },
      };
    default:
      return {
        name: env.name,
        valueFrom: { fieldRef: { fieldPath: FIELD_PATHS[source] } },
      };
  }
}

export type VolumeType =
  | 'hostPath'
  | 'emptyDir'
  | 'configMap'
  | 'secret'
  | 'persistentVolumeClaim';

export const VOLUME_TYPES: {
  value: VolumeType;
  label: string;
  source?: string;
}[] = [
  { value: 'hostPath', label: 'Host path', source: 'Path on the node' },
  { value: 'emptyDir', label: 'Empty directory' },
  { value: 'configMap', label: 'Config map', source: 'Config map name' },
  { value: 'secret', label: 'Secret', source: 'Secret name' },
  {
    value: 'persistentVolumeClaim',
    label: 'Persistent volume claim',
    source: 'Claim name',
  },
];

/** The two lists of a pod's containers, as the model names them. */
export const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

/** Which container of a service the dialog edits: a work container or an init container. */
export interface ContainerRef {
  list: (typeof CONTAINER_LISTS)[number];
  index: number;
}

export const FIRST_CONTAINER: ContainerRef = { list: 'containers', index: 0 };

/** The container's path inside the service, as validation names it: `initContainers[0]`. */
export const containerPath = (ref: ContainerRef) => `${ref.list}[${ref.index}]`;

export const containerAt = (
  service: EdgeService,
  ref: ContainerRef,
): Container | undefined => service[ref.list]?.[ref.index];

/** Every container of the service, work containers first, with its reference. */
export function containersOf(
  service: EdgeService,
): { ref: ContainerRef; container: Container }[] {
  return CONTAINER_LISTS.flatMap(list =>
    (service[list] ?? []).map((container, index) => ({
      ref: { list, index },
      container,
    })),
  );
}

/** The container a problem's path (inside the service) is about, if any. */
export function containerOfPath(path: string): ContainerRef | undefined {
  const m = /^(containers|initContainers)\[(\d+)\]/.exec(path);
  return m
    ? { list: m[1] as ContainerRef['list'], index: Number(m[2]) }
    : undefined;
}

/** Changes one container of the service. */
export function withContainer(
  service: EdgeService,
  ref: ContainerRef,
  change: Partial<Container>,
): EdgeService {
  const list = [...(service[ref.list] ?? [])];
  list[ref.index] = { ...list[ref.index], ...change } as Container;
  return { ...service, [ref.list]: list };
}

/** The service with one more container in `list`, named so it does not clash; and where it is. */
export function withNewContainer(
  service: EdgeService,
  list: ContainerRef['list'],
): { service: EdgeService; ref: ContainerRef } {
  const taken = containersOf(service).map(c => c.container.name);
  const base = list === 'initContainers' ? 'init' : 'sidecar';
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  const containers = [...(service[list] ?? []), { name, image: '' }];
  return {
    service: { ...service, [list]: containers },
    ref: { list, index: containers.length - 1 },
  };
}

/** The service without the container `ref` (a service keeps at least one work container). */
export function withoutContainer(
  service: EdgeService,
  ref: ContainerRef,
): EdgeService {
  const list = (service[ref.list] ?? []).filter((_c, i) => i !== ref.index);
  if (ref.list === 'containers' && list.length === 0) return service;
  return {
    ...service,
    [ref.list]:
      ref.list === 'initContainers' && !list.length ? undefined : list,
  };
}

/** A volume and where the dialog's container mounts it: one row of the storage tab. */
export interface VolumeRow {
  name: string;
  type: VolumeType;
  source: string;
  mountPath: string;
  readOnly: boolean;
}

export function volumeTypeOf(v: Volume): VolumeType {
  return (
    (VOLUME_TYPES.map(t => t.value).find(t => (v as any)[t]) as VolumeType) ??
    'emptyDir'
  );
}

function sourceOf(v: Volume): string {
  return (
    v.hostPath?.path ??
    v.configMap?.name ??
    v.secret?.secretName ??
    v.persistentVolumeClaim?.claimName ??
    ''
  );
}

export function volumeRowsOf(
  service: EdgeService,
  ref: ContainerRef,
): VolumeRow[] {
  const mounts = containerAt(service, ref)?.volumeMounts ?? [];
  return (service.volumes ?? []).map(v => {
    const mount = mounts.find(m => m.name === v.name);
    return {
      name: v.name,
      type: volumeTypeOf(v),
      source: sourceOf(v),
      mountPath: mount?.mountPath ?? '',
      readOnly: Boolean(mount?.readOnly),
    };
  });
}

function volumeOf(row: VolumeRow): Volume {
  switch (row.type) {
    case 'hostPath':
      return { name: row.name, hostPath: { path: row.source } };
    case 'configMap':
      return { name: row.name, configMap: { name: row.source } };
    case 'secret':
      return { name: row.name, secret: { secretName: row.source } };
    case 'persistentVolumeClaim':
      return {
        name: row.name,
        persistentVolumeClaim: { claimName: row.source },
      };
    default:
      return { name: row.name, emptyDir: {} };
  }
}

/**
 * The service with the storage tab's rows as its volumes and as the mounts of the container
 * `ref`. The service's other containers follow a renamed volume and lose the mounts of a
 * removed one, so no mount is left naming a volume that is gone.
 */
export function withVolumeRows(
  service: EdgeService,
  ref: ContainerRef,
  rows: VolumeRow[],
): EdgeService {
  const before = (service.volumes ?? []).map(v => v.name);
  // Rows are edited in place or removed: same count means a rename at most.
  const renamed = new Map(
    before.length === rows.length
      ? before.map((name, i) => [name, rows[i].name])
      : [],
  );
  const kept = new Set(rows.map(r => r.name));
  const follow = (mounts: VolumeMount[] | undefined) =>
    (mounts ?? [])
      .map(m => ({ ...m, name: renamed.get(m.name) ?? m.name }))
      .filter(m => kept.has(m.name));
  const mounts: VolumeMount[] = rows
    .filter(r => r.mountPath)
    .map(r => ({
      name: r.name,
      mountPath: r.mountPath,
      ...(r.readOnly ? { readOnly: true } : {}),
    }));
  const next: EdgeService = { ...service, volumes: rows.map(volumeOf) };
  for (const list of CONTAINER_LISTS) {
    if (!service[list]) continue;
    next[list] = service[list]!.map((c, i) => {
      if (list !== ref.list || i !== ref.index)
        return c.volumeMounts
          ? { ...c, volumeMounts: follow(c.volumeMounts) }
          : c;
      // Mounts of volumes the tab does not list (a typo in YAML, say) stay for validation to name.
      const unlisted = (c.volumeMounts ?? []).filter(
        m => !before.includes(m.name),
      );
      return { ...c, volumeMounts: [...unlisted, ...mounts] };
    });
  }
  return next;
}

/**
 * The service as JSON holds it: fields cleared to undefined are gone. The scaffolder's stepper
 * validates every step's data against a schema it derives from the data itself, and a key
 * whose value is undefined breaks that derivation (the next step's Next throws).
 */
export const asFormValue = (service: EdgeService): EdgeService =>
  JSON.parse(JSON.stringify(service));

/** A new service of a kind, named so it does not clash with the others. */
export function newService(
  kind: WorkloadKind,
  taken: readonly string[],
): EdgeService {
  const base = kind.toLowerCase();
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  const service: EdgeService = {
    name,
    kind,
    containers: [{ name: 'main', image: '' }],
  };
  if (kind === 'Deployment') service.replicas = 1;
  if (kind === 'CronJob') service.cronJob = { schedule: '0 * * * *' };
  return service;
}

/**
 * The model's problems of each service, with paths inside the service
 * (`containers[0].image`, `initContainers[1].name`): validation's own rules and messages, nothing re-implemented.
 */
export function serviceProblems(services: readonly EdgeService[]): {
  errors: Map<number, Problem[]>;
  warnings: Map<number, Problem[]>;
} {
  const result = validateApplication(
    pruneEmpty({
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: 'form' },
      spec: { targets: { nodeGroups: ['form'] }, services },
    }),
  );
  const byService = (problems: Problem[]) => {
    const out = new Map<number, Problem[]>();
    for (const p of problems) {
      const m = /^spec\.services\[(\d+)\]\.?(.*)$/.exec(p.path);
      if (!m) continue;
      const i = Number(m[1]);
      out.set(i, [...(out.get(i) ?? []), { ...p, path: m[2] }]);
    }
    return out;
  };
  return {
    errors: byService(result.errors),
    warnings: byService(result.warnings),
  };
}
