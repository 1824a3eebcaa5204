import type { Probe } from '@edge-gitops/plugin-edge-gitops-common';
import {
  ErrorAt,
  ListInput,
  NumberInput,
  SelectInput,
  TextInput,
} from '../inputs';
import { containerAt, containerPath, withContainer } from '../servicesValue';
import { SectionProps, Row, Heading } from './layout';

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
        <ListInput
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
export const HealthSection = ({
  service,
  onChange,
  errorAt,
  container: selected,
}: SectionProps) => {
  if (selected.list === 'initContainers')
    return (
      <Heading
        title="No health checks for an init container"
        help="It runs to completion before the service's containers start; Kubernetes checks the health of containers that keep running."
      />
    );
  const container = containerAt(service, selected);
  const at = containerPath(selected);
  return (
    <>
      <ProbeInputs
        title="Liveness check"
        help="When it fails, the container is restarted"
        at={`${at}.livenessProbe`}
        probe={container?.livenessProbe}
        onChange={livenessProbe =>
          onChange(withContainer(service, selected, { livenessProbe }))
        }
        errorAt={errorAt}
      />
      <ProbeInputs
        title="Readiness check"
        help="Until it passes, the pod gets no traffic and a rollout waits"
        at={`${at}.readinessProbe`}
        probe={container?.readinessProbe}
        onChange={readinessProbe =>
          onChange(withContainer(service, selected, { readinessProbe }))
        }
        errorAt={errorAt}
      />
    </>
  );
};
