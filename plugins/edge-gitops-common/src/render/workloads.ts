import {
  LABEL_MANAGED_BY,
  LABEL_NAME,
  LABEL_NODE_GROUP,
  LABEL_PART_OF,
  MANAGED_BY,
} from '../constants';
import type { ResolvedApplication } from '../model/targets';
import type { Container, EdgeService, KubernetesObject } from '../model/types';

type Obj = Record<string, unknown>;

/**
 * Defaults (docs/application.md; Kubernetes' own, written out so reviewers see them).
 *
 * @public
 */
export const DEFAULTS = {
  namespace: 'default',
  replicas: 1,
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  terminationGracePeriodSeconds: 30,
  maxUnavailable: '25%',
  maxSurge: '25%',
  job: { completions: 1, parallelism: 1, backoffLimit: 6 },
} as const;

/** Drops undefined values so the YAML holds only what was asked for or defaulted. */
function compact<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const nonEmpty = <T>(v: T[] | undefined): T[] | undefined =>
  v && v.length ? v : undefined;
const nonEmptyMap = (m: Record<string, string> | undefined) =>
  m && Object.keys(m).length ? m : undefined;

/**
 * Labels that select the pods of one service; stable, so selectors never change.
 *
 * @public
 */
export function selectorLabels(
  app: string,
  service: string,
): Record<string, string> {
  return { [LABEL_NAME]: service, [LABEL_PART_OF]: app };
}

/** @public */
export function standardLabels(
  app: string,
  name: string,
  group: string,
): Record<string, string> {
  return {
    [LABEL_NAME]: name,
    [LABEL_PART_OF]: app,
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_NODE_GROUP]: group,
  };
}

/** A container as Kubernetes takes it: our own fields (architectures) removed. */
function toKubeContainer(c: Container): Obj {
  const { architectures: _arch, ...rest } = c;
  return compact({
    name: rest.name,
    image: rest.image,
    imagePullPolicy: rest.imagePullPolicy,
    command: nonEmpty(rest.command),
    args: nonEmpty(rest.args),
    workingDir: rest.workingDir,
    env: nonEmpty(rest.env),
    envFrom: nonEmpty(rest.envFrom),
    ports: nonEmpty(
      rest.ports?.map(p => compact({ ...p, protocol: p.protocol ?? 'TCP' })),
    ),
    resources: rest.resources,
    volumeMounts: nonEmpty(rest.volumeMounts),
    livenessProbe: rest.livenessProbe,
    readinessProbe: rest.readinessProbe,
    startupProbe: rest.startupProbe,
    lifecycle: rest.lifecycle,
    securityContext: rest.securityContext,
    stdin: rest.stdin,
    tty: rest.tty,
  });
}

function podTemplate(
  r: ResolvedApplication,
  s: EdgeService,
  restartPolicy: string,
): Obj {
  const app = r.app.metadata.name;
  return {
    metadata: compact({
      labels: {
        ...(s.podLabels ?? {}),
        ...standardLabels(app, s.name, r.group.name),
      },
      annotations: nonEmptyMap(s.podAnnotations),
    }),
    spec: compact({
      nodeSelector: nonEmptyMap(r.nodeSelectors.get(s.name)),
      hostNetwork: s.hostNetwork,
      hostPID: s.hostPID,
      dnsPolicy: s.dnsPolicy,
      dnsConfig: s.dnsConfig,
      hostAliases: nonEmpty(s.hostAliases),
      serviceAccountName: s.serviceAccountName,
      priorityClassName: s.priorityClassName,
      imagePullSecrets: nonEmpty(
        r.app.spec.imagePullSecrets?.map(name => ({ name })),
      ),
      initContainers: nonEmpty(s.initContainers?.map(toKubeContainer)),
      containers: s.containers.map(toKubeContainer),
      volumes: nonEmpty(s.volumes),
      tolerations: nonEmpty(s.tolerations),
      affinity: s.affinity,
      restartPolicy,
      terminationGracePeriodSeconds:
        s.terminationGracePeriodSeconds ??
        DEFAULTS.terminationGracePeriodSeconds,
    }),
  };
}

function objectMeta(r: ResolvedApplication, s: EdgeService): Obj {
  return compact({
    name: s.name,
    namespace: r.app.metadata.namespace ?? DEFAULTS.namespace,
    labels: {
      ...(s.labels ?? {}),
      ...standardLabels(r.app.metadata.name, s.name, r.group.name),
    },
    annotations: nonEmptyMap(s.annotations),
  });
}

function jobSpec(r: ResolvedApplication, s: EdgeService): Obj {
  return compact({
    completions: s.job?.completions ?? DEFAULTS.job.completions,
    parallelism: s.job?.parallelism ?? DEFAULTS.job.parallelism,
    backoffLimit: s.job?.backoffLimit ?? DEFAULTS.job.backoffLimit,
    completionMode: s.job?.completionMode,
    activeDeadlineSeconds: s.job?.activeDeadlineSeconds,
    ttlSecondsAfterFinished: s.job?.ttlSecondsAfterFinished,
    template: podTemplate(r, s, s.restartPolicy ?? 'OnFailure'),
  });
}

/**
 * The workload object of one service (the documented defaults applied).
 *
 * @public
 */
export function renderWorkload(
  r: ResolvedApplication,
  s: EdgeService,
): KubernetesObject {
  const kind = s.kind ?? 'Deployment';
  const selector = { matchLabels: selectorLabels(r.app.metadata.name, s.name) };
  const strategy = s.updateStrategy;
  switch (kind) {
    case 'Deployment': {
      const type = strategy?.type ?? 'RollingUpdate';
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: objectMeta(r, s) as KubernetesObject['metadata'],
        spec: compact({
          replicas: s.replicas ?? DEFAULTS.replicas,
          selector,
          strategy:
            type === 'RollingUpdate'
              ? {
                  type,
                  rollingUpdate: {
                    maxUnavailable:
                      strategy?.maxUnavailable ?? DEFAULTS.maxUnavailable,
                    maxSurge: strategy?.maxSurge ?? DEFAULTS.maxSurge,
                  },
                }
              : { type },
          minReadySeconds: s.minReadySeconds,
          revisionHistoryLimit:
            s.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit,
          progressDeadlineSeconds:
            s.progressDeadlineSeconds ?? DEFAULTS.progressDeadlineSeconds,
          template: podTemplate(r, s, 'Always'),
        }),
      };
    }
    case 'DaemonSet': {
      const type = strategy?.type ?? 'RollingUpdate';
      const rollingUpdate = compact({
        maxUnavailable: strategy?.maxUnavailable,
        maxSurge: strategy?.maxSurge,
      });
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: objectMeta(r, s) as KubernetesObject['metadata'],
        spec: compact({
          selector,
          updateStrategy: compact({
            type,
            rollingUpdate:
              type === 'RollingUpdate' && Object.keys(rollingUpdate).length
                ? rollingUpdate
                : undefined,
          }),
          minReadySeconds: s.minReadySeconds,
          revisionHistoryLimit:
            s.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit,
          template: podTemplate(r, s, 'Always'),
        }),
      };
    }
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: objectMeta(r, s) as KubernetesObject['metadata'],
        spec: jobSpec(r, s),
      };
    case 'CronJob': {
      const c = s.cronJob!;
      const app = r.app.metadata.name;
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: objectMeta(r, s) as KubernetesObject['metadata'],
        spec: compact({
          schedule: c.schedule,
          timeZone: c.timeZone,
          concurrencyPolicy: c.concurrencyPolicy,
          suspend: c.suspend,
          startingDeadlineSeconds: c.startingDeadlineSeconds,
          successfulJobsHistoryLimit: c.successfulJobsHistoryLimit,
          failedJobsHistoryLimit: c.failedJobsHistoryLimit,
          jobTemplate: {
            metadata: { labels: standardLabels(app, s.name, r.group.name) },
            spec: jobSpec(r, s),
          },
        }),
      };
    }
    default:
      throw new Error(`unknown workload kind ${String(kind)}`);
  }
}

/**
 * The Service that `expose` asks for; ports get names when there are several.
 *
 * @public
 */
export function renderService(
  r: ResolvedApplication,
  s: EdgeService,
): KubernetesObject | undefined {
  if (!s.expose) return undefined;
  const several = s.expose.ports.length > 1;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(r, s) as KubernetesObject['metadata'],
    spec: {
      type: s.expose.type ?? 'ClusterIP',
      selector: selectorLabels(r.app.metadata.name, s.name),
      ports: s.expose.ports.map(p => {
        const protocol = p.protocol ?? 'TCP';
        return compact({
          name:
            p.name ??
            (several ? `${protocol.toLowerCase()}-${p.port}` : undefined),
          port: p.port,
          targetPort: p.targetPort ?? p.port,
          protocol,
          nodePort: p.nodePort,
        });
      }),
    },
  };
}

/**
 * A YAML-mode object, as given, with the standard labels added.
 *
 * @public
 */
export function renderManifest(
  r: ResolvedApplication,
  m: KubernetesObject,
): KubernetesObject {
  const copy = JSON.parse(JSON.stringify(m)) as KubernetesObject;
  copy.metadata.labels = {
    ...(copy.metadata.labels ?? {}),
    ...standardLabels(r.app.metadata.name, copy.metadata.name, r.group.name),
  };
  return copy;
}
