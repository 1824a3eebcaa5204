import type { EnvVar } from '@edge-gitops/plugin-edge-gitops-common';
import { EditableRows } from '../../rows/EditableRows';
import { ListInput, NumberInput, SelectInput, TextInput } from '../inputs';
import {
  ENV_SOURCES,
  envSourceOf,
  envWith,
  containerAt,
  containerPath,
  withContainer,
} from '../servicesValue';
import { SectionProps, NoHostAccess, Row, Heading, Flag } from './layout';

/** CPU and memory, requested and limited: [side, resource, label, example]. */
const RESOURCE_INPUTS = [
  ['requests', 'cpu', 'CPU request', '250m'],
  ['limits', 'cpu', 'CPU limit', '1'],
  ['requests', 'memory', 'Memory request', '256Mi'],
  ['limits', 'memory', 'Memory limit', '512Mi'],
] as const;

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
  container: selected,
}: SectionProps) => {
  const container = containerAt(service, selected);
  const at = containerPath(selected);
  const setContainer = (change: Parameters<typeof withContainer>[2]) =>
    onChange(withContainer(service, selected, change));
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
                error={errorAt(`${at}.env[${i}].name`)}
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
                  error={errorAt(`${at}.env[${i}].value`)}
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
                    error={errorAt(`${at}.env[${i}].valueFrom`)}
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
        {RESOURCE_INPUTS.map(([side, resource, label, placeholder]) => (
          <TextInput
            key={label}
            label={label}
            placeholder={placeholder}
            value={resources[side]?.[resource] as string}
            onChange={v => setResource(side, resource, v)}
            error={errorAt(`${at}.resources.${side}.${resource}`)}
          />
        ))}
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
            error={errorAt(`${at}.resources.limits`)}
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
        <ListInput
          label="Image architectures"
          separator="comma"
          placeholder="amd64, arm64"
          value={container?.architectures}
          onChange={architectures => setContainer({ architectures })}
          error={errorAt(`${at}.architectures`)}
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
          error={errorAt(`${at}.securityContext.runAsUser`)}
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
