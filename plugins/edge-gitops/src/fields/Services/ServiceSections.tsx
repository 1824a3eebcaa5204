import { ReactNode } from 'react';
import {
  Box,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  Typography,
} from '@material-ui/core';
import type {
  ContainerPort,
  EdgeService,
  EnvVar,
  Probe,
  Toleration,
  WorkloadKind,
} from '@edge-gitops/plugin-edge-gitops-common';
import { EditableRows } from '../rows/EditableRows';
import { KeyValueRows } from '../rows/KeyValueRows';
import {
  ErrorAt,
  LinesInput,
  NumberInput,
  SelectInput,
  TextInput,
} from './inputs';
import {
  ENV_SOURCES,
  envSourceOf,
  envWith,
  VOLUME_TYPES,
  VolumeRow,
  volumeRowsOf,
  withContainer,
  withVolumeRows,
} from './servicesValue';

/** What every tab of the service dialog gets. */
export interface SectionProps {
  service: EdgeService;
  onChange(service: EdgeService): void;
  errorAt: ErrorAt;
  kinds: readonly WorkloadKind[];
  /** Whether the template lets this person use host access (privileged, host network, PID). */
  hostAccess: boolean;
}

const NoHostAccess = ({ what }: { what: string }) => (
  <Box mt={2}>
    <FormHelperText>
      {what} need host access, which this template has not given you (its Host
      access step).
    </FormHelperText>
  </Box>
);

const C = 'containers[0]';

const Row = ({ children }: { children: ReactNode }) => (
  <Box
    display="flex"
    flexWrap="wrap"
    alignItems="flex-start"
    style={{ gap: 12 }}
  >
    {children}
  </Box>
);

const Heading = ({ title, help }: { title: string; help?: string }) => (
  <Box mt={2}>
    <Typography variant="subtitle2">{title}</Typography>
    {help && <FormHelperText>{help}</FormHelperText>}
  </Box>
);

const Flag = (props: {
  label: string;
  help: string;
  checked: boolean | undefined;
  onChange(checked: boolean | undefined): void;
}) => (
  <Box>
    <FormControlLabel
      control={
        <Checkbox
          checked={Boolean(props.checked)}
          onChange={e => props.onChange(e.target.checked || undefined)}
        />
      }
      label={props.label}
    />
    <FormHelperText>{props.help}</FormHelperText>
  </Box>
);

const rowsOf = (r: Record<string, string> | undefined) =>
  Object.entries(r ?? {}).map(([key, value]) => ({ key, value }));
const recordOf = (rows: { key: string; value: string }[]) =>
  rows.length ? Object.fromEntries(rows.map(r => [r.key, r.value])) : undefined;

/** Name, kind and what the kind needs; the image and how it starts. */
export const BasicSection = ({
  service,
  onChange,
  errorAt,
  kinds,
}: SectionProps) => {
  const set = (change: Partial<EdgeService>) =>
    onChange({ ...service, ...change });
  const container = service.containers?.[0];
  const kind = service.kind ?? 'Deployment';
  return (
    <>
      <Row>
        <TextInput
          label="Service name"
          required
          value={service.name}
          onChange={name => set({ name: name ?? '' })}
          error={errorAt('name')}
          helperText="Names the workload (a DNS-1123 label)"
        />
        <SelectInput
          label="Kind"
          value={kind}
          options={kinds.map(k => ({ value: k, label: k }))}
          onChange={k => set({ kind: k })}
        />
        {kind === 'Deployment' && (
          <NumberInput
            label="Replicas"
            min={0}
            value={service.replicas}
            onChange={replicas => set({ replicas })}
            error={errorAt('replicas')}
          />
        )}
      </Row>
      {kind === 'Job' && (
        <Row>
          {(['completions', 'parallelism', 'backoffLimit'] as const).map(k => (
            <NumberInput
              key={k}
              label={
                {
                  completions: 'Completions',
                  parallelism: 'Parallelism',
                  backoffLimit: 'Retries (backoffLimit)',
                }[k]
              }
              min={0}
              value={service.job?.[k]}
              onChange={v => set({ job: { ...service.job, [k]: v } })}
              error={errorAt(`job.${k}`)}
            />
          ))}
        </Row>
      )}
      {kind === 'CronJob' && (
        <Row>
          <TextInput
            label="Schedule"
            required
            placeholder="0 3 * * *"
            value={service.cronJob?.schedule}
            onChange={schedule =>
              set({ cronJob: { ...service.cronJob, schedule: schedule ?? '' } })
            }
            error={errorAt('cronJob.schedule')}
            helperText="Cron format: minute hour day month weekday"
          />
          <TextInput
            label="Time zone"
            placeholder="Asia/Shanghai"
            value={service.cronJob?.timeZone}
            onChange={timeZone =>
              set({ cronJob: { ...service.cronJob!, timeZone } })
            }
            error={errorAt('cronJob.timeZone')}
          />
          <SelectInput
            label="When a run is still going"
            value={service.cronJob?.concurrencyPolicy}
            unset="Allow (default)"
            options={[
              { value: 'Forbid', label: 'Forbid: skip the new run' },
              { value: 'Replace', label: 'Replace: stop the old run' },
            ]}
            onChange={concurrencyPolicy =>
              set({ cronJob: { ...service.cronJob!, concurrencyPolicy } })
            }
            minWidth={240}
          />
        </Row>
      )}
      <Heading title="Container" />
      <Row>
        <TextInput
          label="Image"
          required
          fullWidth
          placeholder="registry.example.com/edge/agent:1.4.2"
          value={container?.image}
          onChange={image =>
            onChange(withContainer(service, { image: image ?? '' }))
          }
          error={errorAt(`${C}.image`)}
          helperText="An image the edge nodes can pull, with a tag"
        />
      </Row>
      <Row>
        <Box flex={1} minWidth={240}>
          <LinesInput
            label="Command"
            value={container?.command}
            onChange={command => onChange(withContainer(service, { command }))}
            error={errorAt(`${C}.command`)}
            helperText="One word per line; empty runs the image's entrypoint"
          />
        </Box>
        <Box flex={1} minWidth={240}>
          <LinesInput
            label="Arguments"
            value={container?.args}
            onChange={args => onChange(withContainer(service, { args }))}
            error={errorAt(`${C}.args`)}
            helperText="One argument per line"
          />
        </Box>
      </Row>
      <Heading title="Labels" help="Added to the workload and its pods" />
      <KeyValueRows
        label="Service label"
        rows={rowsOf(service.labels)}
        keyPlaceholder="team"
        valuePlaceholder="edge"
        onChange={rows => set({ labels: recordOf(rows) })}
      />
    </>
  );
};

const ACCELERATORS = [
  { value: 'nvidia.com/gpu', label: 'NVIDIA GPU (nvidia.com/gpu)' },
  { value: 'huawei.com/Ascend310', label: 'Ascend 310 NPU' },
  { value: 'huawei.com/Ascend910', label: 'Ascend 910 NPU' },
] as const;

/** Environment, resources with accelerators, image pull and security. */
export const AdvancedSection = ({
  service,
  onChange,
  errorAt,
  hostAccess,
}: SectionProps) => {
  const container = service.containers?.[0];
  const setContainer = (change: Parameters<typeof withContainer>[1]) =>
    onChange(withContainer(service, change));
  const env = container?.env ?? [];
  const resources = container?.resources ?? {};
  const setResource = (
    side: 'requests' | 'limits',
    name: string,
    value: string | number | undefined,
  ) =>
    setContainer({
      resources: {
        ...resources,
        [side]: { ...resources[side], [name]: value },
      },
    });
  const accelerator = Object.keys(resources.limits ?? {}).find(
    k => k !== 'cpu' && k !== 'memory',
  );
  return (
    <>
      <Heading
        title="Environment variables"
        help="A value, a key of a secret or config map, or the node's or pod's IP and name"
      />
      <EditableRows<EnvVar>
        rows={env}
        onChange={rows => setContainer({ env: rows })}
        addLabel="Add variable"
        newRow={() => ({ name: '', value: '' })}
        removeLabel={row => `Remove ${row.name || 'this variable'}`}
        renderRow={(row, i) => {
          const source = envSourceOf(row);
          const put = (next: EnvVar) =>
            setContainer({ env: env.map((e, j) => (j === i ? next : e)) });
          return (
            <Row>
              <TextInput
                label="Name"
                value={row.name}
                onChange={name => put({ ...row, name: name ?? '' })}
                error={errorAt(`${C}.env[${i}].name`)}
              />
              <SelectInput
                label="From"
                value={source}
                options={ENV_SOURCES}
                onChange={s => put(envWith(row, s ?? 'value'))}
                minWidth={150}
              />
              {source === 'value' && (
                <TextInput
                  label="Value"
                  value={row.value}
                  onChange={value =>
                    put(envWith(row, 'value', { value: value ?? '' }))
                  }
                  error={errorAt(`${C}.env[${i}].value`)}
                />
              )}
              {(source === 'secret' || source === 'configMap') && (
                <>
                  <TextInput
                    label={source === 'secret' ? 'Secret' : 'Config map'}
                    value={
                      row.valueFrom?.secretKeyRef?.name ??
                      row.valueFrom?.configMapKeyRef?.name
                    }
                    onChange={ref =>
                      put(envWith(row, source, { ref: ref ?? '' }))
                    }
                    error={errorAt(`${C}.env[${i}].valueFrom`)}
                  />
                  <TextInput
                    label="Key"
                    value={
                      row.valueFrom?.secretKeyRef?.key ??
                      row.valueFrom?.configMapKeyRef?.key
                    }
                    onChange={key =>
                      put(envWith(row, source, { key: key ?? '' }))
                    }
                  />
                </>
              )}
            </Row>
          );
        }}
      />
      <Heading
        title="Resources"
        help="Requests reserve capacity on the node; limits cap it (e.g. 250m CPU, 256Mi memory)"
      />
      <Row>
        <TextInput
          label="CPU request"
          placeholder="250m"
          value={resources.requests?.cpu as string}
          onChange={v => setResource('requests', 'cpu', v)}
          error={errorAt(`${C}.resources.requests.cpu`)}
        />
        <TextInput
          label="CPU limit"
          placeholder="1"
          value={resources.limits?.cpu as string}
          onChange={v => setResource('limits', 'cpu', v)}
          error={errorAt(`${C}.resources.limits.cpu`)}
        />
        <TextInput
          label="Memory request"
          placeholder="256Mi"
          value={resources.requests?.memory as string}
          onChange={v => setResource('requests', 'memory', v)}
          error={errorAt(`${C}.resources.requests.memory`)}
        />
        <TextInput
          label="Memory limit"
          placeholder="512Mi"
          value={resources.limits?.memory as string}
          onChange={v => setResource('limits', 'memory', v)}
          error={errorAt(`${C}.resources.limits.memory`)}
        />
      </Row>
      <Row>
        <SelectInput
          label="Accelerator"
          value={accelerator}
          unset="None"
          options={ACCELERATORS}
          minWidth={240}
          onChange={next => {
            const limits = { ...resources.limits };
            const count = accelerator ? limits[accelerator] : 1;
            if (accelerator) delete limits[accelerator];
            if (next) limits[next] = count ?? 1;
            setContainer({ resources: { ...resources, limits } });
          }}
        />
        {accelerator && (
          <NumberInput
            label="Accelerators per pod"
            min={1}
            value={Number(resources.limits?.[accelerator]) || undefined}
            onChange={n => setResource('limits', accelerator, n)}
            error={errorAt(`${C}.resources.limits`)}
          />
        )}
      </Row>
      <Heading title="Image and security" />
      <Row>
        <SelectInput
          label="Pull the image"
          value={container?.imagePullPolicy}
          unset="Default (IfNotPresent for a tag)"
          options={[
            { value: 'IfNotPresent', label: 'If not present' },
            { value: 'Always', label: 'Always' },
            { value: 'Never', label: 'Never' },
          ]}
          onChange={imagePullPolicy => setContainer({ imagePullPolicy })}
          minWidth={260}
        />
        <TextInput
          label="Image architectures"
          placeholder="amd64, arm64"
          value={container?.architectures?.join(', ')}
          onChange={v =>
            setContainer({
              architectures: v
                ?.split(',')
                .map(s => s.trim())
                .filter(Boolean),
            })
          }
          error={errorAt(`${C}.architectures`)}
          helperText="The targets step warns about node groups of another arch"
        />
        <NumberInput
          label="Run as user (UID)"
          min={0}
          value={container?.securityContext?.runAsUser}
          onChange={runAsUser =>
            setContainer({
              securityContext: { ...container?.securityContext, runAsUser },
            })
          }
          error={errorAt(`${C}.securityContext.runAsUser`)}
        />
      </Row>
      {hostAccess ? (
        <>
          <Flag
            label="Privileged"
            help="Full access to the node's devices and kernel; reviewers are warned"
            checked={container?.securityContext?.privileged}
            onChange={privileged =>
              setContainer({
                securityContext: { ...container?.securityContext, privileged },
              })
            }
          />
          <Flag
            label="Host PID"
            help="Sees every process on the node; reviewers are warned"
            checked={service.hostPID}
            onChange={hostPID => onChange({ ...service, hostPID })}
          />
        </>
      ) : (
        <NoHostAccess what="Privileged containers and host PID" />
      )}
    </>
  );
};

/** Volumes and where the container mounts them. */
export const StorageSection = ({
  service,
  onChange,
  errorAt,
}: SectionProps) => {
  const rows = volumeRowsOf(service);
  const put = (next: VolumeRow[]) => onChange(withVolumeRows(service, next));
  return (
    <>
      <Heading
        title="Volumes"
        help="A host path, an empty directory, a config map, a secret or a claim, mounted into the container"
      />
      <EditableRows<VolumeRow>
        rows={rows}
        onChange={put}
        addLabel="Add volume"
        newRow={() => ({
          name: `volume-${rows.length + 1}`,
          type: 'hostPath',
          source: '',
          mountPath: '',
          readOnly: false,
        })}
        removeLabel={row => `Remove volume ${row.name}`}
        renderRow={(row, i, set) => {
          const type = VOLUME_TYPES.find(t => t.value === row.type)!;
          return (
            <Row>
              <TextInput
                label="Volume name"
                value={row.name}
                onChange={name => set({ name: name ?? '' })}
                error={errorAt(`volumes[${i}].name`)}
              />
              <SelectInput
                label="Type"
                value={row.type}
                options={VOLUME_TYPES}
                onChange={t => set({ type: t ?? 'emptyDir' })}
              />
              {type.source && (
                <TextInput
                  label={type.source}
                  value={row.source}
                  onChange={source => set({ source: source ?? '' })}
                  error={errorAt(`volumes[${i}]`)}
                />
              )}
              <TextInput
                label="Mount path"
                placeholder="/data"
                value={row.mountPath}
                onChange={mountPath => set({ mountPath: mountPath ?? '' })}
                error={errorAt(`${C}.volumeMounts`)}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={row.readOnly}
                    onChange={e => set({ readOnly: e.target.checked })}
                  />
                }
                label="Read only"
              />
            </Row>
          );
        }}
      />
    </>
  );
};

type ProbeType = 'httpGet' | 'tcpSocket' | 'exec';
const PROBE_TYPES: readonly ProbeType[] = ['httpGet', 'tcpSocket', 'exec'];
const probeTypeOf = (p: Probe | undefined): ProbeType | undefined =>
  PROBE_TYPES.find(t => p?.[t]);

/** A new check of a type, on the port the old one used (80 when none). */
function probeHandler(type: ProbeType, port: unknown): Probe {
  const p = typeof port === 'number' ? port : 80;
  if (type === 'httpGet') return { httpGet: { path: '/', port: p } };
  if (type === 'tcpSocket') return { tcpSocket: { port: p } };
  return { exec: { command: [] } };
}

const ProbeInputs = (props: {
  title: string;
  help: string;
  at: string;
  probe: Probe | undefined;
  onChange(probe: Probe | undefined): void;
  errorAt: ErrorAt;
}) => {
  const { probe, errorAt, at } = props;
  const type = probeTypeOf(probe);
  const timing = {
    initialDelaySeconds: probe?.initialDelaySeconds,
    periodSeconds: probe?.periodSeconds,
    failureThreshold: probe?.failureThreshold,
  };
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
  return (
    <>
      <Heading title={props.title} help={props.help} />
      <Row>
        <SelectInput
          label="Check"
          value={type}
          unset="None"
          options={[
            { value: 'httpGet', label: 'HTTP GET' },
            { value: 'tcpSocket', label: 'TCP connect' },
            { value: 'exec', label: 'Command' },
          ]}
          onChange={t => {
            if (!t) return props.onChange(undefined);
            return props.onChange({ ...timing, ...probeHandler(t, port) });
          }}
        />
        {(type === 'httpGet' || type === 'tcpSocket') && (
          <NumberInput
            label="Port"
            min={1}
            value={typeof port === 'number' ? port : undefined}
            onChange={p =>
              props.onChange(
                type === 'httpGet'
                  ? {
                      ...probe,
                      httpGet: { ...probe!.httpGet!, port: p as number },
                    }
                  : { ...probe, tcpSocket: { port: p as number } },
              )
            }
            error={errorAt(`${at}.${type}.port`)}
          />
        )}
        {type === 'httpGet' && (
          <TextInput
            label="Path"
            value={probe?.httpGet?.path}
            onChange={path =>
              props.onChange({
                ...probe,
                httpGet: { ...probe!.httpGet!, path },
              })
            }
            error={errorAt(`${at}.httpGet.path`)}
          />
        )}
        {type && (
          <>
            <NumberInput
              label="First check after (s)"
              min={0}
              value={probe?.initialDelaySeconds}
              onChange={initialDelaySeconds =>
                props.onChange({ ...probe, initialDelaySeconds })
              }
            />
            <NumberInput
              label="Every (s)"
              min={1}
              value={probe?.periodSeconds}
              onChange={periodSeconds =>
                props.onChange({ ...probe, periodSeconds })
              }
            />
          </>
        )}
      </Row>
      {type === 'exec' && (
        <LinesInput
          label="Command"
          value={probe?.exec?.command}
          onChange={command =>
            props.onChange({ ...probe, exec: { command: command ?? [] } })
          }
          error={errorAt(`${at}.exec`)}
          helperText="One word per line; exit code 0 is healthy"
        />
      )}
    </>
  );
};

/** Liveness and readiness checks of the container. */
export const HealthSection = ({ service, onChange, errorAt }: SectionProps) => {
  const container = service.containers?.[0];
  return (
    <>
      <ProbeInputs
        title="Liveness check"
        help="When it fails, the container is restarted"
        at={`${C}.livenessProbe`}
        probe={container?.livenessProbe}
        onChange={livenessProbe =>
          onChange(withContainer(service, { livenessProbe }))
        }
        errorAt={errorAt}
      />
      <ProbeInputs
        title="Readiness check"
        help="Until it passes, the pod gets no traffic and a rollout waits"
        at={`${C}.readinessProbe`}
        probe={container?.readinessProbe}
        onChange={readinessProbe =>
          onChange(withContainer(service, { readinessProbe }))
        }
        errorAt={errorAt}
      />
    </>
  );
};

/** Container ports (with host ports) and the host network. */
export const NetworkSection = ({
  service,
  onChange,
  errorAt,
  hostAccess,
}: SectionProps) => {
  const ports = service.containers?.[0]?.ports ?? [];
  return (
    <>
      <Heading
        title="Ports"
        help="A host port opens the port on the node's address (one pod per node can hold it)"
      />
      <EditableRows<ContainerPort>
        rows={ports}
        onChange={rows => onChange(withContainer(service, { ports: rows }))}
        addLabel="Add port"
        newRow={() => ({ containerPort: 80, protocol: 'TCP' })}
        removeLabel={row => `Remove port ${row.containerPort}`}
        renderRow={(row, i, set) => (
          <Row>
            <NumberInput
              label="Container port"
              min={1}
              value={row.containerPort}
              onChange={containerPort =>
                set({ containerPort: containerPort as number })
              }
              error={errorAt(`${C}.ports[${i}].containerPort`)}
            />
            <SelectInput
              label="Protocol"
              value={row.protocol ?? 'TCP'}
              options={[
                { value: 'TCP', label: 'TCP' },
                { value: 'UDP', label: 'UDP' },
              ]}
              onChange={protocol => set({ protocol })}
              minWidth={100}
            />
            <NumberInput
              label="Host port"
              min={1}
              value={row.hostPort}
              onChange={hostPort => set({ hostPort })}
              error={errorAt(`${C}.ports[${i}].hostPort`)}
            />
            <TextInput
              label="Port name"
              value={row.name}
              onChange={name => set({ name })}
              error={errorAt(`${C}.ports[${i}].name`)}
            />
          </Row>
        )}
      />
      {hostAccess ? (
        <Flag
          label="Host network"
          help="Use the node's network namespace: ports bind on the node; reviewers are warned"
          checked={service.hostNetwork}
          onChange={hostNetwork => onChange({ ...service, hostNetwork })}
        />
      ) : (
        <NoHostAccess what="Host network" />
      )}
    </>
  );
};

/** Tolerations, the update strategy and the restart policy. */
export const SchedulingSection = ({
  service,
  onChange,
  errorAt,
}: SectionProps) => {
  const kind = service.kind ?? 'Deployment';
  const tolerations = service.tolerations ?? [];
  return (
    <>
      <Heading
        title="Tolerations"
        help="Let pods run on nodes with these taints (e.g. edge dedicated nodes); which nodes is the targets step's node selector"
      />
      <EditableRows<Toleration>
        rows={tolerations}
        onChange={rows => onChange({ ...service, tolerations: rows })}
        addLabel="Add toleration"
        newRow={() => ({ key: '', operator: 'Exists' })}
        removeLabel={row => `Remove toleration ${row.key || ''}`.trim()}
        renderRow={(row, i, set) => (
          <Row>
            <TextInput
              label="Taint key"
              value={row.key}
              onChange={key => set({ key })}
              error={errorAt(`tolerations[${i}]`)}
            />
            <SelectInput
              label="Operator"
              value={row.operator ?? 'Equal'}
              options={[
                { value: 'Exists', label: 'Exists' },
                { value: 'Equal', label: 'Equal' },
              ]}
              onChange={operator => set({ operator })}
              minWidth={110}
            />
            {row.operator === 'Equal' && (
              <TextInput
                label="Value"
                value={row.value}
                onChange={value => set({ value })}
              />
            )}
            <SelectInput
              label="Effect"
              value={row.effect}
              unset="Any"
              options={[
                { value: 'NoSchedule', label: 'NoSchedule' },
                { value: 'PreferNoSchedule', label: 'PreferNoSchedule' },
                { value: 'NoExecute', label: 'NoExecute' },
              ]}
              onChange={effect => set({ effect })}
            />
          </Row>
        )}
      />
      {(kind === 'Deployment' || kind === 'DaemonSet') && (
        <>
          <Heading
            title="Updates"
            help="How pods are replaced when the application changes"
          />
          <Row>
            <SelectInput
              label="Update strategy"
              value={service.updateStrategy?.type}
              unset="Rolling update (default)"
              options={
                kind === 'Deployment'
                  ? [
                      { value: 'RollingUpdate', label: 'Rolling update' },
                      {
                        value: 'Recreate',
                        label: 'Recreate: stop all, then start',
                      },
                    ]
                  : [
                      { value: 'RollingUpdate', label: 'Rolling update' },
                      {
                        value: 'OnDelete',
                        label: 'On delete: when a pod is deleted',
                      },
                    ]
              }
              onChange={type =>
                onChange({
                  ...service,
                  updateStrategy: { ...service.updateStrategy, type },
                })
              }
              minWidth={260}
              error={errorAt('updateStrategy')}
            />
          </Row>
        </>
      )}
      {(kind === 'Job' || kind === 'CronJob') && (
        <>
          <Heading title="Restarts" />
          <SelectInput
            label="Restart policy"
            value={service.restartPolicy}
            unset="OnFailure (default)"
            options={[
              { value: 'OnFailure', label: 'OnFailure' },
              { value: 'Never', label: 'Never' },
            ]}
            onChange={restartPolicy => onChange({ ...service, restartPolicy })}
            error={errorAt('restartPolicy')}
          />
        </>
      )}
    </>
  );
};
