import type { ContainerPort } from '@edge-gitops/plugin-edge-gitops-common';
import { EditableRows } from '../../rows/EditableRows';
import { NumberInput, SelectInput, TextInput } from '../inputs';
import { containerAt, containerPath, withContainer } from '../servicesValue';
import { SectionProps, NoHostAccess, Row, Heading, Flag } from './layout';

/** Container ports (with host ports) and the host network. */
export const NetworkSection = ({
  service,
  onChange,
  errorAt,
  hostAccess,
  container: selected,
}: SectionProps) => {
  const ports = containerAt(service, selected)?.ports ?? [];
  const at = containerPath(selected);
  return (
    <>
      <Heading
        title="Ports"
        help="A host port opens the port on the node's address (one pod per node can hold it)"
      />
      <EditableRows<ContainerPort>
        rows={ports}
        onChange={rows =>
          onChange(withContainer(service, selected, { ports: rows }))
        }
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
              error={errorAt(`${at}.ports[${i}].containerPort`)}
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
              error={errorAt(`${at}.ports[${i}].hostPort`)}
            />
            <TextInput
              label="Port name"
              value={row.name}
              onChange={name => set({ name })}
              error={errorAt(`${at}.ports[${i}].name`)}
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
