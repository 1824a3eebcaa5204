import type { Toleration } from '@edge-gitops/plugin-edge-gitops-common';
import { EditableRows } from '../../rows/EditableRows';
import { SelectInput, TextInput } from '../inputs';
import { SectionProps, Row, Heading } from './layout';

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
