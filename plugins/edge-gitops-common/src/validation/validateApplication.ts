import type {
  Container,
  EdgeApplication,
  EdgeService,
  LabelSelector,
} from '../model/types';
import { cronScheduleProblem } from '../kube/cron';
import { parseQuantity } from '../kube/quantity';
import { edgeApplicationSchema } from './applicationSchema';
import { joinPath, Problems, ValidationResult } from './problems';
import { checkSchema, isPlainObject } from './schemaDsl';

/** Kubernetes' rule for environment variable names (C identifiers plus '-' and '.'). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** DNS-1123 subdomain: object names that become file names in git. */
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;
const PROTECTED_MOUNTS = ['/', '/var/run', '/proc', '/sys', '/dev'];
const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const ALLOWED_STRATEGIES: Record<string, string[]> = {
  Deployment: ['RollingUpdate', 'Recreate'],
  DaemonSet: ['RollingUpdate', 'OnDelete'],
  Job: [],
  CronJob: [],
};

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

function checkSelector(
  selector: LabelSelector | undefined,
  path: string,
  p: Problems,
) {
  asArray<any>(selector?.matchExpressions).forEach((req, i) => {
    const at = joinPath(joinPath(path, 'matchExpressions'), i);
    const values = asArray(req?.values);
    if (
      (req?.operator === 'In' || req?.operator === 'NotIn') &&
      values.length === 0
    ) {
      p.error(
        joinPath(at, 'values'),
        `must list at least one value for operator ${req.operator}`,
      );
    }
    if (
      (req?.operator === 'Exists' || req?.operator === 'DoesNotExist') &&
      values.length > 0
    ) {
      p.error(
        joinPath(at, 'values'),
        `must be empty for operator ${req.operator}`,
      );
    }
  });
}

function checkLabels(map: unknown, path: string, p: Problems) {
  if (!isPlainObject(map)) return;
  for (const [key, value] of Object.entries(map)) {
    const at = joinPath(path, key);
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : '';
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (
      name.length > 63 ||
      !LABEL_KEY_NAME.test(name) ||
      (slash >= 0 && !DNS1123_SUBDOMAIN.test(prefix))
    ) {
      p.error(
        at,
        'is not a valid label key: an optional DNS prefix and "/", then 1-63 letters, digits, "-", "_" or "."',
      );
    }
    if (
      typeof value === 'string' &&
      (value.length > 63 || !LABEL_VALUE.test(value))
    ) {
      p.error(
        at,
        `label value ${JSON.stringify(
          value,
        )} must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`,
      );
    }
  }
}

function checkQuantities(resources: any, path: string, p: Problems) {
  if (!isPlainObject(resources)) return;
  const parsed: Record<'limits' | 'requests', Record<string, number>> = {
    limits: {},
    requests: {},
  };
  for (const part of ['limits', 'requests'] as const) {
    const map = resources[part];
    if (!isPlainObject(map)) continue;
    for (const [name, raw] of Object.entries(map)) {
      const at = joinPath(joinPath(path, part), name);
      if (typeof raw !== 'string' && typeof raw !== 'number') continue;
      const value = parseQuantity(raw);
      if (value === undefined)
        p.error(
          at,
          `${JSON.stringify(
            raw,
          )} is not a quantity; write it like 500m, 2, 1.5Gi or 256Mi`,
        );
      else if (value < 0) p.error(at, `must not be negative, got ${raw}`);
      else parsed[part][name] = value;
    }
  }
  for (const [name, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[name];
    if (limit !== undefined && request > limit) {
      p.error(
        joinPath(joinPath(path, 'requests'), name),
        `request ${resources.requests[name]} is above the limit ${resources.limits[name]}`,
      );
    }
  }
}

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

function checkEnv(env: unknown, path: string, p: Problems) {
  const seen = new Set<string>();
  asArray<any>(env).forEach((e, i) => {
    const at = joinPath(path, i);
    if (typeof e?.name === 'string') {
      if (!ENV_NAME.test(e.name)) {
        p.error(
          joinPath(at, 'name'),
          `${JSON.stringify(
            e.name,
          )} is not a valid environment variable name: letters, digits, "_", "-" or ".", not starting with a digit`,
        );
      } else if (seen.has(e.name)) {
        p.warn(
          joinPath(at, 'name'),
          `${e.name} is set twice; the last one wins`,
        );
      }
      seen.add(e.name);
    }
    if (e?.value !== undefined && e?.valueFrom !== undefined) {
      p.error(at, 'set either value or valueFrom, not both');
    }
    if (isPlainObject(e?.valueFrom)) {
      const sources = Object.keys(e.valueFrom);
      if (sources.length !== 1) {
        p.error(
          joinPath(at, 'valueFrom'),
          'needs exactly one of secretKeyRef, configMapKeyRef, fieldRef or resourceFieldRef',
        );
      }
      const fieldPath = e.valueFrom.fieldRef?.fieldPath;
      if (
        typeof fieldPath === 'string' &&
        !FIELD_PATHS.has(fieldPath) &&
        !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fieldPath)
      ) {
        p.error(
          joinPath(
            joinPath(joinPath(at, 'valueFrom'), 'fieldRef'),
            'fieldPath',
          ),
          `${fieldPath} is not a field Kubernetes exposes; use one of ${[
            ...FIELD_PATHS,
          ].join(', ')}`,
        );
      }
    }
  });
}

function checkContainer(
  c: Container,
  path: string,
  p: Problems,
  volumeNames: Set<string>,
) {
  if (typeof c?.image === 'string') {
    if (c.image.trim() === '' || /\s/.test(c.image)) {
      p.error(
        joinPath(path, 'image'),
        'must be an image reference without spaces, such as nginx:1.27',
      );
    } else {
      const lastPart = c.image.split('/').pop() ?? '';
      const tagged = lastPart.includes(':') || c.image.includes('@sha256:');
      if (!tagged)
        p.warn(
          joinPath(path, 'image'),
          `${c.image} has no tag; pin a version so every node runs the same image`,
        );
      else if (lastPart.endsWith(':latest'))
        p.warn(
          joinPath(path, 'image'),
          `${c.image} uses latest; pin a version so every node runs the same image`,
        );
    }
  }
  checkEnv(c?.env, joinPath(path, 'env'), p);
  checkQuantities(c?.resources, joinPath(path, 'resources'), p);
  for (const probe of [
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
  ] as const) {
    checkHandler((c as any)?.[probe], joinPath(path, probe), p, probe);
  }
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
      const normalised = m.mountPath.replace(/\/+$/, '') || '/';
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

function checkService(
  s: EdgeService,
  path: string,
  p: Problems,
  app: EdgeApplication,
) {
  if (!isPlainObject(s)) return;
  const kind = s.kind ?? 'Deployment';
  const batch = kind === 'Job' || kind === 'CronJob';
  if (s.replicas !== undefined && kind !== 'Deployment') {
    p.error(
      joinPath(path, 'replicas'),
      `is for Deployments only; a ${kind} ${
        kind === 'DaemonSet'
          ? 'runs one pod per matching node'
          : 'uses job.completions and job.parallelism'
      }`,
    );
  }
  if (s.restartPolicy !== undefined) {
    if (batch && s.restartPolicy === 'Always') {
      p.error(
        joinPath(path, 'restartPolicy'),
        `a ${kind} needs OnFailure or Never, not Always`,
      );
    } else if (!batch && s.restartPolicy !== 'Always') {
      p.error(
        joinPath(path, 'restartPolicy'),
        `a ${kind} only supports Always, got ${s.restartPolicy}`,
      );
    }
  }
  const strategy = s.updateStrategy;
  if (isPlainObject(strategy)) {
    const allowed = ALLOWED_STRATEGIES[kind] ?? [];
    if (allowed.length === 0)
      p.error(
        joinPath(path, 'updateStrategy'),
        `a ${kind} has no update strategy`,
      );
    else if (strategy.type && !allowed.includes(strategy.type)) {
      p.error(
        joinPath(joinPath(path, 'updateStrategy'), 'type'),
        `a ${kind} supports ${allowed.join(' or ')}, not ${strategy.type}`,
      );
    } else if (
      strategy.type &&
      strategy.type !== 'RollingUpdate' &&
      (strategy.maxSurge !== undefined || strategy.maxUnavailable !== undefined)
    ) {
      p.error(
        joinPath(path, 'updateStrategy'),
        `maxSurge and maxUnavailable apply to RollingUpdate only, not ${strategy.type}`,
      );
    }
  }
  for (const field of ['progressDeadlineSeconds'] as const) {
    if (s[field] !== undefined && kind !== 'Deployment')
      p.error(joinPath(path, field), `is for Deployments only, not a ${kind}`);
  }
  for (const field of ['minReadySeconds', 'revisionHistoryLimit'] as const) {
    if (s[field] !== undefined && batch)
      p.error(joinPath(path, field), `does not apply to a ${kind}`);
  }
  if (s.job !== undefined && !batch)
    p.error(joinPath(path, 'job'), `applies to Job and CronJob, not a ${kind}`);
  if (kind === 'CronJob' && s.cronJob === undefined)
    p.error(
      joinPath(path, 'cronJob'),
      'is required for a CronJob: at least cronJob.schedule',
    );
  if (s.cronJob !== undefined && kind !== 'CronJob')
    p.error(
      joinPath(path, 'cronJob'),
      `applies to CronJob only, not a ${kind}`,
    );
  if (typeof s.cronJob?.schedule === 'string') {
    const problem = cronScheduleProblem(s.cronJob.schedule);
    if (problem)
      p.error(
        joinPath(joinPath(path, 'cronJob'), 'schedule'),
        `${JSON.stringify(s.cronJob.schedule)} ${problem}`,
      );
  }
  if (
    s.job &&
    typeof s.job.parallelism === 'number' &&
    typeof s.job.completions === 'number' &&
    s.job.parallelism > s.job.completions &&
    s.job.completions > 0
  ) {
    p.warn(
      joinPath(joinPath(path, 'job'), 'parallelism'),
      `is above completions (${s.job.completions}); only ${s.job.completions} pods will run at once`,
    );
  }
  if (s.hostNetwork)
    p.warn(
      joinPath(path, 'hostNetwork'),
      "uses the node's network: ports bind on the node itself",
    );
  if (s.hostPID)
    p.warn(joinPath(path, 'hostPID'), 'sees every process on the node');

  // Volumes: unique names, exactly one source.
  const volumeNames = new Set<string>();
  asArray<any>(s.volumes).forEach((v, i) => {
    const at = joinPath(joinPath(path, 'volumes'), i);
    if (typeof v?.name === 'string') {
      if (volumeNames.has(v.name))
        p.error(joinPath(at, 'name'), `volume ${v.name} is declared twice`);
      volumeNames.add(v.name);
    }
    if (isPlainObject(v)) {
      const sources = [
        'hostPath',
        'emptyDir',
        'configMap',
        'secret',
        'persistentVolumeClaim',
      ].filter(k => v[k] !== undefined);
      if (sources.length !== 1) {
        p.error(
          at,
          `needs exactly one of hostPath, emptyDir, configMap, secret or persistentVolumeClaim${
            sources.length ? `, got ${sources.join(' and ')}` : ''
          }`,
        );
      }
      if (v.hostPath)
        p.warn(
          joinPath(joinPath(at, 'hostPath'), 'path'),
          `mounts ${v.hostPath.path} from the node`,
        );
    }
  });

  // Containers: unique names across init and app containers; no port used twice in the pod.
  const names = new Map<string, string>();
  const ports = new Map<string, string>();
  const hostPorts = new Map<string, string>();
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
      if (group === 'initContainers') return;
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

  if (isPlainObject(s.expose)) {
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
    if (batch)
      p.warn(
        joinPath(path, 'expose'),
        `a Service in front of a ${kind} only answers while it runs`,
      );
  }
  for (const field of ['labels', 'podLabels'] as const)
    checkLabels(s[field], joinPath(path, field), p);
  void app;
}

function checkManifests(app: EdgeApplication, p: Problems) {
  const seen = new Map<string, string>();
  asArray<any>(app.spec?.manifests).forEach((m, i) => {
    const at = joinPath('spec.manifests', i);
    if (!isPlainObject(m)) return;
    if (typeof m.apiVersion !== 'string' || m.apiVersion === '')
      p.error(joinPath(at, 'apiVersion'), 'is required');
    if (typeof m.kind !== 'string' || !KIND_NAME.test(m.kind)) {
      p.error(
        joinPath(at, 'kind'),
        'is required: a Kubernetes kind such as ConfigMap',
      );
    }
    const name = m.metadata?.name;
    if (
      typeof name !== 'string' ||
      !DNS1123_SUBDOMAIN.test(name) ||
      name.length > 253
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'name'),
        `${JSON.stringify(
          name,
        )} must be a DNS-1123 name: lowercase letters, digits, "-" and "."; no "/" or ".."`,
      );
    } else if (typeof m.kind === 'string') {
      const key = `${m.kind.toLowerCase()}.${name}`;
      if (seen.has(key))
        p.error(at, `${m.kind} ${name} is already given at ${seen.get(key)}`);
      seen.set(key, at);
    }
    if (
      m.metadata?.namespace !== undefined &&
      typeof m.metadata.namespace !== 'string'
    ) {
      p.error(
        joinPath(joinPath(at, 'metadata'), 'namespace'),
        'must be a string',
      );
    }
    const services = asArray<EdgeService>(app.spec?.services);
    const clash = services.find(
      s =>
        s?.name === name &&
        ((s.kind ?? 'Deployment') === m.kind ||
          (m.kind === 'Service' && s.expose)),
    );
    if (clash)
      p.error(
        at,
        `${m.kind} ${name} is also rendered from spec.services (service ${clash.name}); rename one of them`,
      );
    if (
      m.kind === 'Secret' &&
      (m.data !== undefined || m.stringData !== undefined)
    ) {
      p.error(
        at,
        'a Secret with data or stringData would put secret values in git; reference a Secret that exists in the cluster, or commit a SealedSecret, a SOPS-encrypted Secret or an ExternalSecret',
      );
    }
    if (m.kind === 'List' || Array.isArray(m.items))
      p.error(at, 'give each object on its own, not a List');
  });
}

function checkOverrides(app: EdgeApplication, p: Problems) {
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
      if (
        change?.replicas !== undefined &&
        (service.kind ?? 'Deployment') !== 'Deployment'
      ) {
        p.error(
          joinPath(sAt, 'replicas'),
          `is for Deployments only; ${name} is a ${service.kind}`,
        );
      }
      if (
        typeof change?.container === 'string' &&
        !asArray<Container>(service.containers).some(
          c => c?.name === change.container,
        )
      ) {
        p.error(
          joinPath(sAt, 'container'),
          `service ${name} has no container ${change.container}`,
        );
      }
      checkEnv(change?.env, joinPath(sAt, 'env'), p);
      checkQuantities(change?.resources, joinPath(sAt, 'resources'), p);
      if (
        typeof change?.image === 'string' &&
        (change.image.trim() === '' || /\s/.test(change.image))
      ) {
        p.error(
          joinPath(sAt, 'image'),
          'must be an image reference without spaces',
        );
      }
    }
  });
}

/**
 * Validates an EdgeApplication document: every problem at once, each with its field path.
 * Input is whatever the YAML parser produced; nothing is assumed about its shape.
 */
export function validateApplication(doc: unknown): ValidationResult {
  const p = new Problems();
  if (!isPlainObject(doc)) {
    p.error(
      '',
      'an EdgeApplication must be a YAML mapping with apiVersion, kind, metadata and spec',
    );
    return p.result();
  }
  checkSchema(doc, edgeApplicationSchema, '', p);
  const app = doc as unknown as EdgeApplication;
  const targets = app.spec?.targets;
  if (
    isPlainObject(targets) &&
    targets.nodeGroups === undefined &&
    targets.selector === undefined
  ) {
    p.error(
      'spec.targets',
      'needs nodeGroups (by name) or selector (by label), or both',
    );
  }
  if (isPlainObject(targets))
    checkSelector(targets.selector, 'spec.targets.selector', p);
  checkLabels(app.metadata?.labels, 'metadata.labels', p);
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
    checkService(s, at, p, app);
  });
  checkManifests(app, p);
  checkOverrides(app, p);
  return p.result();
}
