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

/** A volume and where the (first) container mounts it: one row of the storage tab. */
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

export function volumeRowsOf(service: EdgeService): VolumeRow[] {
  const mounts = service.containers?.[0]?.volumeMounts ?? [];
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

/** The service with the storage tab's rows as its volumes and its first container's mounts. */
export function withVolumeRows(
  service: EdgeService,
  rows: VolumeRow[],
): EdgeService {
  const [first, ...rest] = service.containers ?? [];
  const names = new Set((service.volumes ?? []).map(v => v.name));
  // Mounts of volumes this tab does not list (another container's, say) stay as they were.
  const kept = (first?.volumeMounts ?? []).filter(m => !names.has(m.name));
  const mounts: VolumeMount[] = rows
    .filter(r => r.mountPath)
    .map(r => ({
      name: r.name,
      mountPath: r.mountPath,
      ...(r.readOnly ? { readOnly: true } : {}),
    }));
  return {
    ...service,
    volumes: rows.map(volumeOf),
    containers: [{ ...first, volumeMounts: [...kept, ...mounts] }, ...rest],
  };
}

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

/** Changes the first container (the one the dialog edits). */
export function withContainer(
  service: EdgeService,
  change: Partial<Container>,
): EdgeService {
  const [first, ...rest] = service.containers ?? [];
  return {
    ...service,
    containers: [{ ...first, ...change } as Container, ...rest],
  };
}

/**
 * The model's problems of each service, with paths inside the service
 * (`containers[0].image`): validation's own rules and messages, nothing re-implemented.
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
