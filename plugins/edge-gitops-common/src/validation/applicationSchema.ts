import { DNS1123_LABEL, DNS1123_LABEL_HINT } from '../names';
import { API_VERSION, KIND, WORKLOAD_KINDS } from '../model/types';
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
const obj = (
  properties: Record<string, Schema>,
  required: string[] = [],
  description?: string,
): Schema => ({
  type: 'object',
  properties,
  required,
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

export const labelSelectorSchema = obj({
  matchLabels: stringMap,
  matchExpressions: list(
    obj(
      {
        key: str('Label key of the node group'),
        operator: enumOf(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: list(str()),
      },
      ['key', 'operator'],
    ),
  ),
});

const keyRef = obj({ name: str(), key: str(), optional: bool() }, [
  'name',
  'key',
]);
const envVar = obj(
  {
    name: str('Environment variable name'),
    value: str('Literal value'),
    valueFrom: obj({
      secretKeyRef: keyRef,
      configMapKeyRef: keyRef,
      fieldRef: obj(
        {
          fieldPath: str(
            'status.hostIP, status.podIP, metadata.name, spec.nodeName...',
          ),
          apiVersion: str(),
        },
        ['fieldPath'],
      ),
      resourceFieldRef: obj(
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

const resources = obj({
  limits: {
    type: 'map',
    values: { type: 'quantity' },
    description: 'cpu, memory, and extended resources such as nvidia.com/gpu',
  },
  requests: { type: 'map', values: { type: 'quantity' } },
});

const httpGet = obj(
  {
    path: str(),
    port: { type: 'intOrString' },
    host: str(),
    scheme: enumOf(['HTTP', 'HTTPS']),
    httpHeaders: list(obj({ name: str(), value: str() }, ['name', 'value'])),
  },
  ['port'],
);
const tcpSocket = obj({ port: { type: 'intOrString' }, host: str() }, ['port']);
const execAction = obj({ command: list(str(), 1) }, ['command']);
const probe = obj({
  httpGet,
  tcpSocket,
  exec: execAction,
  grpc: obj({ port: port(), service: str() }, ['port']),
  initialDelaySeconds: int(0),
  periodSeconds: int(1),
  timeoutSeconds: int(1),
  successThreshold: int(1),
  failureThreshold: int(1),
  terminationGracePeriodSeconds: int(1),
});
const lifecycleHandler = obj({
  exec: execAction,
  httpGet,
  tcpSocket,
  sleep: obj({ seconds: int(0) }, ['seconds']),
});

const container = obj(
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
      obj({
        prefix: str(),
        configMapRef: obj({ name: str(), optional: bool() }, ['name']),
        secretRef: obj({ name: str(), optional: bool() }, ['name']),
      }),
    ),
    ports: list(
      obj(
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
      obj(
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
    lifecycle: obj({ postStart: lifecycleHandler, preStop: lifecycleHandler }),
    securityContext: obj({
      privileged: bool('Privileged mode, for cameras, GPUs and other devices'),
      runAsUser: int(0),
      runAsGroup: int(0),
      runAsNonRoot: bool(),
      readOnlyRootFilesystem: bool(),
      allowPrivilegeEscalation: bool(),
      capabilities: obj({ add: list(str()), drop: list(str()) }),
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
  obj({ key: str(), path: str(), mode: int(0) }, ['key', 'path']),
);
const volume = obj(
  {
    name: dnsLabel('Volume name'),
    hostPath: obj(
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
    emptyDir: obj({
      medium: enumOf(['', 'Memory']),
      sizeLimit: { type: 'quantity' },
    }),
    configMap: obj(
      { name: str(), items: keyToPath, defaultMode: int(0), optional: bool() },
      ['name'],
    ),
    secret: obj(
      {
        secretName: str(),
        items: keyToPath,
        defaultMode: int(0),
        optional: bool(),
      },
      ['secretName'],
    ),
    persistentVolumeClaim: obj({ claimName: str(), readOnly: bool() }, [
      'claimName',
    ]),
  },
  ['name'],
);

const serviceProperties: Record<string, Schema> = {
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
  dnsConfig: obj({
    nameservers: list(str()),
    searches: list(str()),
    options: list(obj({ name: str(), value: str() }, ['name'])),
  }),
  hostAliases: list(
    obj({ ip: str(), hostnames: list(str(), 1) }, ['ip', 'hostnames']),
  ),
  tolerations: list(
    obj({
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
  updateStrategy: obj({
    type: enumOf(['RollingUpdate', 'Recreate', 'OnDelete']),
    maxUnavailable: { type: 'intOrString' },
    maxSurge: { type: 'intOrString' },
  }),
  minReadySeconds: int(0),
  revisionHistoryLimit: int(0),
  progressDeadlineSeconds: int(1),
  job: obj({
    completions: int(0),
    parallelism: int(0),
    backoffLimit: int(0),
    activeDeadlineSeconds: int(1),
    ttlSecondsAfterFinished: int(0),
    completionMode: enumOf(['NonIndexed', 'Indexed']),
  }),
  cronJob: obj(
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
  expose: obj(
    {
      type: enumOf(['ClusterIP', 'NodePort', 'LoadBalancer']),
      ports: list(
        obj(
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

export const serviceOverrideSchema = obj({
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

export const edgeApplicationSchema: Schema = obj(
  {
    apiVersion: enumOf([API_VERSION]),
    kind: enumOf([KIND]),
    metadata: obj(
      {
        name: dnsLabel('Application name'),
        namespace: dnsLabel('Namespace in the edge clusters'),
        description: { type: 'string', maxLength: 512 },
        labels: stringMap,
        annotations: stringMap,
      },
      ['name'],
    ),
    spec: obj(
      {
        targets: obj({
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
          items: obj(serviceProperties, ['name', 'containers']),
          maxItems: 100,
        },
        manifests: list({
          type: 'free',
          description: 'A Kubernetes object, as it is',
        }),
        overrides: list(
          obj(
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
