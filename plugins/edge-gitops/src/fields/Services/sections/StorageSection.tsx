import { Checkbox, FormControlLabel } from '@material-ui/core';
import { EditableRows } from '../../rows/EditableRows';
import { SelectInput, TextInput } from '../inputs';
import {
  VOLUME_TYPES,
  VolumeRow,
  containerPath,
  volumeRowsOf,
  withVolumeRows,
} from '../servicesValue';
import { SectionProps, Row, Heading } from './layout';

/** Volumes and where the container mounts them. */
export const StorageSection = ({
  service,
  onChange,
  errorAt,
  container: selected,
}: SectionProps) => {
  const rows = volumeRowsOf(service, selected);
  const put = (next: VolumeRow[]) =>
    onChange(withVolumeRows(service, selected, next));
  return (
    <>
      <Heading
        title="Volumes"
        help="A host path, an empty directory, a config map, a secret or a claim; the mount path is where this container sees it (empty: not mounted here)"
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
                error={errorAt(`${containerPath(selected)}.volumeMounts`)}
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
