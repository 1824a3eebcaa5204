import {
  API_VERSION,
  EdgeApplication,
  EdgeService,
  KIND,
  Override,
  ServiceOverride,
  WORKLOAD_KINDS,
} from '../model/types';
import {
  containerSchema,
  envVarSchema,
  labelSelectorSchema,
  resourcesSchema,
  volumeSchema,
} from './containerSchema';
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
import { Schema, toJsonSchema } from './schemaDsl';

const serviceProperties: { [K in keyof EdgeService]-?: Schema } = {
  name: dnsLabel('Service name, unique in the application'),
  kind: enumOf(WORKLOAD_KINDS, 'Workload kind'),
  replicas: int(0, 'Deployment only'),
  containers: list(containerSchema, 1),
  initContainers: list(containerSchema),
  volumes: list(volumeSchema),
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

/** @public */
export const serviceOverrideSchema = obj<ServiceOverride>({
  image: { type: 'string', maxLength: 4096 },
  replicas: int(0),
  env: list(envVarSchema),
  resources: resourcesSchema,
  args: list(str()),
  command: list(str()),
  container: str('Container the fields apply to; the first one when omitted'),
  architectures: list(str(), 1),
  nodeSelector: stringMap,
});

/** @public */
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

/**
 * JSON Schema of the EdgeApplication document, for template forms and editors.
 *
 * @public
 */
export function edgeApplicationJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://edge-gitops.io/schemas/v1alpha1/edgeapplication.json',
    title: 'EdgeApplication',
    ...toJsonSchema(edgeApplicationSchema),
  };
}
