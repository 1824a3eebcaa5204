import type {
  Container,
  EnvVar,
  LabelSelector,
  LifecycleHandler,
  Probe,
  ResourceRequirements,
  Volume,
} from '../model/types';
import {
  bool,
  dnsLabel,
  enumOf,
  int,
  list,
  obj,
  port,
  protocol,
  str,
  stringMap,
} from './schemaBuilders';

/**
 * Schemas of what a pod is made of: containers, their env, resources, probes, and volumes.
 *
 * @public
 */
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
/** @public */
export const envVarSchema = obj<EnvVar>(
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

/** @public */
export const resourcesSchema = obj<ResourceRequirements>({
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

/** @public */
export const containerSchema = obj<Container>(
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
    env: list(envVarSchema),
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
    resources: resourcesSchema,
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
/** @public */
export const volumeSchema = obj<Volume>(
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
