/**
 * The EdgeApplication document, edge-gitops.io/v1alpha1 (see docs/application.md). Kubernetes field
 * names wherever Kubernetes has the concept, so that people who know a PodSpec know this file.
 */

/** @public */
export const API_VERSION = 'edge-gitops.io/v1alpha1';
/** @public */
export const KIND = 'EdgeApplication';

/** @public */
export type WorkloadKind = 'Deployment' | 'DaemonSet' | 'Job' | 'CronJob';
/** @public */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Deployment',
  'DaemonSet',
  'Job',
  'CronJob',
];

/** @public */
export type Quantity = string | number;
/** @public */
export type IntOrString = number | string;
/** @public */
export type StringMap = Record<string, string>;

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** @public */
export interface LabelSelector {
  matchLabels?: StringMap;
  matchExpressions?: LabelSelectorRequirement[];
}

/** @public */
export interface Targets {
  nodeGroups?: string[];
  selector?: LabelSelector;
  /** Second level: which nodes inside each matched cluster. */
  nodeSelector?: StringMap;
}

/** @public */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string; apiVersion?: string };
    resourceFieldRef?: {
      resource: string;
      containerName?: string;
      divisor?: Quantity;
    };
  };
}

/** @public */
export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** @public */
export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  name?: string;
  hostIP?: string;
}

/** @public */
export interface ResourceRequirements {
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
}

/** @public */
export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
  mountPropagation?: 'None' | 'HostToContainer' | 'Bidirectional';
}

/** @public */
export interface ProbeHandler {
  httpGet?: {
    path?: string;
    port: IntOrString;
    host?: string;
    scheme?: 'HTTP' | 'HTTPS';
    httpHeaders?: { name: string; value: string }[];
  };
  tcpSocket?: { port: IntOrString; host?: string };
  exec?: { command: string[] };
  grpc?: { port: number; service?: string };
}

/** @public */
export interface Probe extends ProbeHandler {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

/** @public */
export interface LifecycleHandler {
  exec?: { command: string[] };
  httpGet?: ProbeHandler['httpGet'];
  tcpSocket?: ProbeHandler['tcpSocket'];
  sleep?: { seconds: number };
}

/** @public */
export interface SecurityContext {
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

/** @public */
export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  securityContext?: SecurityContext;
  workingDir?: string;
  stdin?: boolean;
  tty?: boolean;
  /** Architectures the image is built for; checked against the node group's `arch` label. */
  architectures?: string[];
}

/** @public */
export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  emptyDir?: { medium?: '' | 'Memory'; sizeLimit?: Quantity };
  configMap?: {
    name: string;
    items?: { key: string; path: string; mode?: number }[];
    defaultMode?: number;
    optional?: boolean;
  };
  secret?: {
    secretName: string;
    items?: { key: string; path: string; mode?: number }[];
    defaultMode?: number;
    optional?: boolean;
  };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}

/** @public */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** @public */
export interface UpdateStrategy {
  type?: 'RollingUpdate' | 'Recreate' | 'OnDelete';
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
}

/** @public */
export interface JobParameters {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
}

/** @public */
export interface CronJobParameters {
  schedule: string;
  timeZone?: string;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  startingDeadlineSeconds?: number;
}

/** @public */
export interface ServicePort {
  port: number;
  targetPort?: IntOrString;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  nodePort?: number;
  name?: string;
}

/** @public */
export interface Expose {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  ports: ServicePort[];
}

/** @public */
export interface EdgeService {
  name: string;
  kind?: WorkloadKind;
  replicas?: number;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  dnsConfig?: {
    nameservers?: string[];
    searches?: string[];
    options?: { name: string; value?: string }[];
  };
  hostAliases?: { ip: string; hostnames: string[] }[];
  tolerations?: Toleration[];
  affinity?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  priorityClassName?: string;
  serviceAccountName?: string;
  updateStrategy?: UpdateStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  job?: JobParameters;
  cronJob?: CronJobParameters;
  expose?: Expose;
  labels?: StringMap;
  annotations?: StringMap;
  podLabels?: StringMap;
  podAnnotations?: StringMap;
}

/**
 * Per node group differences for one service; only these fields may differ.
 *
 * @public
 */
export interface ServiceOverride {
  image?: string;
  replicas?: number;
  env?: EnvVar[];
  resources?: ResourceRequirements;
  args?: string[];
  command?: string[];
  /** Which container the fields above apply to; the first one when omitted. */
  container?: string;
  /** Architectures of the overriding image. */
  architectures?: string[];
  nodeSelector?: StringMap;
}

/** @public */
export interface Override {
  nodeGroups?: string[];
  selector?: LabelSelector;
  services: Record<string, ServiceOverride>;
}

/**
 * A Kubernetes object given as it is ("YAML mode").
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: StringMap;
    annotations?: StringMap;
    [k: string]: unknown;
  };
  [key: string]: unknown;
}

/** @public */
export interface EdgeApplication {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND;
  metadata: {
    name: string;
    namespace?: string;
    description?: string;
    labels?: StringMap;
    annotations?: StringMap;
  };
  spec: {
    targets: Targets;
    imagePullSecrets?: string[];
    /** Required unless manifests are given (YAML mode). */
    services?: EdgeService[];
    manifests?: KubernetesObject[];
    overrides?: Override[];
  };
}
