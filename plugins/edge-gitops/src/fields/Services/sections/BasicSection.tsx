import { Box } from '@material-ui/core';
import type { EdgeService } from '@edge-gitops/plugin-edge-gitops-common';
import { KeyValueRows, rowsOf } from '../../rows/KeyValueRows';
import { ListInput, NumberInput, SelectInput, TextInput } from '../inputs';
import { containerAt, containerPath, withContainer } from '../servicesValue';
import { SectionProps, Row, Heading } from './layout';

/** Name, kind and what the kind needs; the image and how it starts. */
export const BasicSection = ({
  service,
  onChange,
  errorAt,
  kinds,
  container: selected,
}: SectionProps) => {
  const set = (change: Partial<EdgeService>) =>
    onChange({ ...service, ...change });
  const container = containerAt(service, selected);
  const at = containerPath(selected);
  const setContainer = (change: Parameters<typeof withContainer>[2]) =>
    onChange(withContainer(service, selected, change));
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
      <Heading
        title={
          selected.list === 'initContainers'
            ? 'Init container: runs to completion before the others start'
            : 'Container'
        }
      />
      <Row>
        <TextInput
          label="Container name"
          required
          value={container?.name}
          onChange={name => setContainer({ name: name ?? '' })}
          error={errorAt(`${at}.name`)}
          helperText="Unique within the service"
        />
        <Box flex={1} minWidth={320}>
          <TextInput
            label="Image"
            required
            fullWidth
            placeholder="registry.example.com/edge/agent:1.4.2"
            value={container?.image}
            onChange={image => setContainer({ image: image ?? '' })}
            error={errorAt(`${at}.image`)}
            helperText="An image the edge nodes can pull, with a tag"
          />
        </Box>
      </Row>
      <Row>
        <Box flex={1} minWidth={240}>
          <ListInput
            label="Command"
            value={container?.command}
            onChange={command => setContainer({ command })}
            error={errorAt(`${at}.command`)}
            helperText="One word per line; empty runs the image's entrypoint"
          />
        </Box>
        <Box flex={1} minWidth={240}>
          <ListInput
            label="Arguments"
            value={container?.args}
            onChange={args => setContainer({ args })}
            error={errorAt(`${at}.args`)}
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
        onChange={rows =>
          set({
            labels: rows.length
              ? Object.fromEntries(rows.map(r => [r.key, r.value]))
              : undefined,
          })
        }
      />
    </>
  );
};
