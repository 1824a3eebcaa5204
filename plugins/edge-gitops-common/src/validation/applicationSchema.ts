import { DNS1123_LABEL, DNS1123_LABEL_HINT } from '../names';
import {
  API_VERSION,
  Container,
  EdgeApplication,
  EdgeService,
  EnvVar,
  KIND,
  LabelSelector,
  LifecycleHandler,
  Override,
  Probe,
  ResourceRequirements,
  ServiceOverride,
  Volume,
  WORKLOAD_KINDS,
} from '../model/types';
import { Schema, toJsonSchema } from './schemaDsl';

const str = (description?: string): Schema => ({ type: 'string', description });
const int = (minimum?: number, description?: string): Schema => ({
  type: 'integer',
  minimum,
  description,
});
const bool = (description?: string): Schema => ({
  type: 'boolean',
  description,
});
const list = (items: Schema, minItems?: number): Schema => ({
  type: 'array',
  items,
  minItems,
});
/** The keys of T that are not optional. */
type RequiredKeys<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? never : K;
}[keyof T];

/**
 * An object schema for the model type T, which must be given: every field of T has a
 * schema and no schema names a field T lacks (the compiler checks both), and `required`
 * lists only fields T requires. So the schema and the TypeScript types cannot drift apart.
 */
const obj = <T>(
  properties: { [K in keyof NoInfer<T>]-?: Schema },
  required: readonly RequiredKeys<NoInfer<T>>[] = [],
  description?: string,
): Schema => ({
  type: 'object',
  properties,
  required: required as readonly string[],
  description,
});
const enumOf = (values: readonly string[], description?: string): Schema => ({
  type: 'string',
  enum: values,
  description,
});
const stringMap: Schema = {
  type: 'map',
  values: { type: 'string', maxLength: 4096 },
};
const dnsLabel = (description: string): Schema => ({
  type: 'string',
  pattern: DNS1123_LABEL,
  patternHint: DNS1123_LABEL_HINT,
  maxLength: 63,
  description,
});
const port = (description?: string): Schema => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  description,
});
const protocol = enumOf(['TCP', 'UDP', 'SCTP']);

export const labelSelectorSchema = obj<LabelSelector>({
  matchLabels: stringMap,
  matchExpressions: list(
    obj<NonNullable<LabelSelector['matchExpressions']>[number]>(
      {
        key: str('Label key of the node group'),
        operator: enumOf(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: list(str()),
      },
      ['key', 'operator'],
    ),
  ),
});

const keyRef = obj<
  NonNullable<NonNullable<EnvVar['valueFrom']>['secretKeyRef']>
>({ name: str(), key: str(), optional: bool() }, ['name', 'key']);
const envVar = obj<EnvVar>(
  {
    name: str('Environment variable name'),
    value: str('Literal value'),
    valueFrom: obj<NonNullable<EnvVar['valueFrom']>>({
      secretKeyRef: keyRef,
      configMapKeyRef: keyRef,
      fieldRef: obj<NonNullable<NonNullable<EnvVar['valueFrom']>['fieldRef']>>(
        {
          fieldPath: str(
            'status.hostIP, status.podIP, metadata.name, spec.nodeName...',
          ),
          apiVersion: str(),
        },
        ['fieldPath'],
      ),
      resourceFieldRef: obj<
        NonNullable<NonNullable<EnvVar['valueFrom']>['resourceFieldRef']>
      >(
        {
          resource: str(),
          containerName: str(),
          divisor: { type: 'quantity' },
        },
        ['resource'],
      ),
    }),
  },
  ['name'],
);

const resources = obj<ResourceRequirements>({
  limits: {
    type: 'map',
    values: { type: 'quantity' },
    description: 'cpu, memory, and extended resources such as nvidia.com/gpu',
  },
  requests: { type: 'map', values: { type: 'quantity' } },
});

const httpGet = obj<NonNullable<Probe['httpGet']>>(
  {
    path: str(),
    port: { type: 'intOrString' },
    host: str(),
    scheme: enumOf(['HTTP', 'HTTPS']),
    httpHeaders: list(
      obj<NonNullable<NonNullable<Probe['httpGet']>['httpHeaders']>[number]>(
        { name: str(), value: str() },
        ['name', 'value'],
      ),
    ),
  },
  ['port'],
);
const tcpSocket = obj<NonNullable<Probe['tcpSocket']>>(
  { port: { type: 'intOrString' }, host: str() },
  ['port'],
);
const execAction = obj<NonNullable<Probe['exec']>>(
  { command: list(str(), 1) },
  ['command'],
);
const probe = obj<Probe>({
  httpGet,
  tcpSocket,
  exec: execAction,
  grpc: obj<NonNullable<Probe['grpc']>>({ port: port(), service: str() }, [
    'port',
  ]),
  initialDelaySeconds: int(0),
  periodSeconds: int(1),
  timeoutSeconds: int(1),
  successThreshold: int(1),
  failureThreshold: int(1),
  terminationGracePeriodSeconds: int(1),
});
const lifecycleHandler = obj<LifecycleHandler>({
  exec: execAction,
  httpGet,
  tcpSocket,
  sleep: obj<NonNullable<LifecycleHandler['sleep']>>({ seconds: int(0) }, [
    'seconds',
  ]),
});

const container = obj<Container>(
  {
    name: dnsLabel('Container name, unique in the pod'),
    image: {
      type: 'string',
      maxLength: 4096,
      description: 'Image reference the edge nodes can pull',
    },
    imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never']),
    command: list(str()),
    args: list(str()),
    env: list(envVar),
    envFrom: list(
      obj<NonNullable<Container['envFrom']>[number]>({
        prefix: str(),
        configMapRef: obj<
          NonNullable<NonNullable<Container['envFrom']>[number]['configMapRef']>
        >({ name: str(), optional: bool() }, ['name']),
        secretRef: obj<
          NonNullable<NonNullable<Container['envFrom']>[number]['secretRef']>
        >({ name: str(), optional: bool() }, ['name']),
      }),
    ),
    ports: list(
      obj<NonNullable<Container['ports']>[number]>(
        {
          containerPort: port(),
          hostPort: port(),
          protocol,
          name: str(),
          hostIP: str(),
        },
        ['containerPort'],
      ),
    ),
    resources,
    volumeMounts: list(
      obj<NonNullable<Container['volumeMounts']>[number]>(
        {
          name: str(),
          mountPath: str(),
          subPath: str(),
          readOnly: bool(),
          mountPropagation: enumOf([
            'None',
            'HostToContainer',
            'Bidirectional',
          ]),
        },
        ['name', 'mountPath'],
      ),
    ),
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
    lifecycle: obj<NonNullable<Container['lifecycle']>>({
      postStart: lifecycleHandler,
      preStop: lifecycleHandler,
    }),
    securityContext: obj<NonNullable<Container['securityContext']>>({
      privileged: bool('Privileged mode, for cameras, GPUs and other devices'),
      runAsUser: int(0),
      runAsGroup: int(0),
      runAsNonRoot: bool(),
      readOnlyRootFilesystem: bool(),
      allowPrivilegeEscalation: bool(),
      capabilities: obj<
        NonNullable<NonNullable<Container['securityContext']>['capabilities']>
      >({ add: list(str()), drop: list(str()) }),
    }),
    workingDir: str(),
    stdin: bool(),
    tty: bool(),
    architectures: list(
      enumOf(['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64']),
      1,
    ),
  },
  ['name', 'image'],
);

const keyToPath = list(
  obj<NonNullable<NonNullable<Volume['configMap']>['items']>[number]>(
    { key: str(), path: str(), mode: int(0) },
    ['key', 'path'],
  ),
);
const volume = obj<Volume>(
  {
    name: dnsLabel('Volume name'),
    hostPath: obj<NonNullable<Volume['hostPath']>>(
      {
        path: str(),
        type: enumOf([
          '',
          'DirectoryOrCreate',
          'Directory',
          'FileOrCreate',
          'File',
          'Socket',
          'CharDevice',
          'BlockDevice',
        ]),
      },
      ['path'],
    ),
    emptyDir: obj<NonNullable<Volume['emptyDir']>>({
      medium: enumOf(['', 'Memory']),
      sizeLimit: { type: 'quantity' },
    }),
    configMap: obj<NonNullable<Volume['configMap']>>(
      { name: str(), items: keyToPath, defaultMode: int(0), optional: bool() },
      ['name'],
    ),
    secret: obj<NonNullable<Volume['secret']>>(
      {
        secretName: str(),
        items: keyToPath,
        defaultMode: int(0),
        optional: bool(),
      },
      ['secretName'],
    ),
    persistentVolumeClaim: obj<NonNullable<Volume['persistentVolumeClaim']>>(
      { claimName: str(), readOnly: bool() },
      ['claimName'],
    ),
  },
  ['name'],
);

const serviceProperties: { [K in keyof EdgeService]-?: Schema } = {
  name: dnsLabel('Service name, unique in the application'),
  kind: enumOf(WORKLOAD_KINDS, 'Workload kind'),
  replicas: int(0, 'Deployment only'),
  containers: list(container, 1),
  initContainers: list(container),
  volumes: list(volume),
  hostNetwork: bool(),
  hostPID: bool(),
  restartPolicy: enumOf(['Always', 'OnFailure', 'Never']),
  dnsPolicy: enumOf([
    'ClusterFirst',
    'ClusterFirstWithHostNet',
    'Default',
    'None',
  ]),
  dnsConfig: obj<NonNullable<EdgeService['dnsConfig']>>({
    nameservers: list(str()),
    searches: list(str()),
    options: list(
      obj<
        NonNullable<NonNullable<EdgeService['dnsConfig']>['options']>[number]
      >({ name: str(), value: str() }, ['name']),
    ),
  }),
  hostAliases: list(
    obj<NonNullable<EdgeService['hostAliases']>[number]>(
      { ip: str(), hostnames: list(str(), 1) },
      ['ip', 'hostnames'],
    ),
  ),
  tolerations: list(
    obj<NonNullable<EdgeService['tolerations']>[number]>({
      key: str(),
      operator: enumOf(['Exists', 'Equal']),
      value: str(),
      effect: enumOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      tolerationSeconds: int(),
    }),
  ),
  affinity: { type: 'free', description: 'Kubernetes Affinity, as it is' },
  terminationGracePeriodSeconds: int(0),
  priorityClassName: str(),
  serviceAccountName: str(),
  updateStrategy: obj<NonNullable<EdgeService['updateStrategy']>>({
    type: enumOf(['RollingUpdate', 'Recreate', 'OnDelete']),
    maxUnavailable: { type: 'intOrString' },
    maxSurge: { type: 'intOrString' },
  }),
  minReadySeconds: int(0),
  revisionHistoryLimit: int(0),
  progressDeadlineSeconds: int(1),
  job: obj<NonNullable<EdgeService['job']>>({
    completions: int(0),
    parallelism: int(0),
    backoffLimit: int(0),
    activeDeadlineSeconds: int(1),
    ttlSecondsAfterFinished: int(0),
    completionMode: enumOf(['NonIndexed', 'Indexed']),
  }),
  cronJob: obj<NonNullable<EdgeService['cronJob']>>(
    {
      schedule: str('Cron schedule, five fields'),
      timeZone: str(),
      concurrencyPolicy: enumOf(['Allow', 'Forbid', 'Replace']),
      suspend: bool(),
      successfulJobsHistoryLimit: int(0),
      failedJobsHistoryLimit: int(0),
      startingDeadlineSeconds: int(0),
    },
    ['schedule'],
  ),
  expose: obj<NonNullable<EdgeService['expose']>>(
    {
      type: enumOf(['ClusterIP', 'NodePort', 'LoadBalancer']),
      ports: list(
        obj<NonNullable<EdgeService['expose']>['ports'][number]>(
          {
            port: port(),
            targetPort: { type: 'intOrString' },
            protocol,
            nodePort: { type: 'integer', minimum: 1, maximum: 65535 },
            name: str(),
          },
          ['port'],
        ),
        1,
      ),
    },
    ['ports'],
  ),
  labels: stringMap,
  annotations: stringMap,
  podLabels: stringMap,
  podAnnotations: stringMap,
};

export const serviceOverrideSchema = obj<ServiceOverride>({
  image: { type: 'string', maxLength: 4096 },
  replicas: int(0),
  env: list(envVar),
  resources,
  args: list(str()),
  command: list(str()),
  container: str('Container the fields apply to; the first one when omitted'),
  architectures: list(str(), 1),
  nodeSelector: stringMap,
});

export const edgeApplicationSchema: Schema = obj<EdgeApplication>(
  {
    apiVersion: enumOf([API_VERSION]),
    kind: enumOf([KIND]),
    metadata: obj<EdgeApplication['metadata']>(
      {
        name: dnsLabel('Application name'),
        namespace: dnsLabel('Namespace in the edge clusters'),
        description: { type: 'string', maxLength: 512 },
        labels: stringMap,
        annotations: stringMap,
      },
      ['name'],
    ),
    spec: obj<EdgeApplication['spec']>(
      {
        targets: obj<EdgeApplication['spec']['targets']>({
          nodeGroups: list(str('Node group name')),
          selector: labelSelectorSchema,
          nodeSelector: {
            ...stringMap,
            description:
              'Second level: which nodes inside each matched cluster',
          },
        }),
        imagePullSecrets: list(str()),
        services: {
          type: 'array',
          items: obj<EdgeService>(serviceProperties, ['name', 'containers']),
          maxItems: 100,
        },
        manifests: list({
          type: 'free',
          description: 'A Kubernetes object, as it is',
        }),
        overrides: list(
          obj<Override>(
            {
              nodeGroups: list(str()),
              selector: labelSelectorSchema,
              services: { type: 'map', values: serviceOverrideSchema },
            },
            ['services'],
          ),
        ),
      },
      ['targets'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** JSON Schema of the EdgeApplication document, for template forms and editors. */
export function edgeApplicationJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://edge-gitops.io/schemas/v1alpha1/edgeapplication.json',
    title: 'EdgeApplication',
    ...toJsonSchema(edgeApplicationSchema),
  };
}
