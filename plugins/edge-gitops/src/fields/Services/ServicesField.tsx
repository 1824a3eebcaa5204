import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  FormControl,
  FormHelperText,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  Menu,
  MenuItem,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import EditIcon from '@material-ui/icons/Edit';
import {
  EdgeService,
  Problem,
  WORKLOAD_KINDS,
  WorkloadKind,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { EdgeServicesFieldSchema } from './schema';
import { ServiceDialog } from './ServiceDialog';
import { asFormValue, newService, serviceProblems } from './servicesValue';

/** One chip per kind of reviewer warning: `hostPath`, `privileged`, `hostNetwork`... */
function warningChips(
  problems: readonly Problem[],
): { label: string; message: string }[] {
  const chips = new Map<string, string>();
  for (const p of problems) {
    const label = p.path.includes('hostPath')
      ? 'hostPath'
      : p.path
          .split('.')
          .pop()!
          .replace(/\[\d+\]$/, '');
    if (!chips.has(label)) chips.set(label, p.message);
  }
  return [...chips].map(([label, message]) => ({ label, message }));
}

/** One line per service: its images (init containers counted), then its ports. */
function describe(s: EdgeService): string {
  const containers = s.containers ?? [];
  const ports = containers
    .flatMap(c => c.ports ?? [])
    .map(
      p =>
        `${p.hostPort ? `${p.hostPort}->` : ''}${p.containerPort}/${
          p.protocol ?? 'TCP'
        }`,
    )
    .join(', ');
  const images = containers.map(c => c.image).filter(Boolean);
  const inits = s.initContainers?.length ?? 0;
  return [
    images.join(', ') || 'no image yet',
    inits && `${inits} init container${inits > 1 ? 's' : ''}`,
    ports && `ports ${ports}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The application's services, each of any kind: a list with what matters at a glance
 * (kind, image, ports, what reviewers are warned about), and a dialog per service like the
 * manuals' "add service". The value is `spec.services` as the model defines it.
 */
export const ServicesField = (props: typeof EdgeServicesFieldSchema.TProps) => {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    idSchema,
    uiSchema,
    disabled,
    formContext,
  } = props;
  const services = (formData ?? []) as EdgeService[];
  const kinds: readonly WorkloadKind[] =
    (uiSchema?.['ui:options']?.kinds as WorkloadKind[] | undefined) ??
    WORKLOAD_KINDS;
  // Host access is offered when the template does not reserve it, or its field says yes.
  const hostAccessField = uiSchema?.['ui:options']?.hostAccessField;
  const hostAccess =
    !hostAccessField || formContext?.formData?.[hostAccessField] === true;
  const [editing, setEditing] = useState<{
    index: number;
    service: EdgeService;
  }>();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const { warnings } = serviceProblems(services);
  const add = (kind: WorkloadKind) => {
    setMenu(null);
    setEditing({
      index: services.length,
      service: newService(
        kind,
        services.map(s => s.name),
      ),
    });
  };
  return (
    <FormControl
      fullWidth
      margin="normal"
      error={Boolean(rawErrors?.length)}
      id={idSchema?.$id}
    >
      <Typography variant="h6">{schema.title ?? 'Services'}</Typography>
      <FormHelperText>
        {schema.description ??
          'Each service is a Deployment, DaemonSet, Job or CronJob with its containers, storage, health checks and network'}
      </FormHelperText>
      <List dense aria-label="Services">
        {services.map((s, i) => (
          <ListItem key={`${s.name}-${i}`} divider>
            <ListItemText
              primary={
                <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                  <Typography variant="subtitle1">{s.name}</Typography>
                  <Chip size="small" label={s.kind ?? 'Deployment'} />
                  {warningChips(warnings.get(i) ?? []).map(w => (
                    <Chip
                      key={w.label}
                      size="small"
                      variant="outlined"
                      label={w.label}
                      title={w.message}
                    />
                  ))}
                </Box>
              }
              secondary={describe(s)}
            />
            <ListItemSecondaryAction>
              <IconButton
                aria-label={`Edit ${s.name}`}
                disabled={disabled}
                onClick={() => setEditing({ index: i, service: s })}
              >
                <EditIcon />
              </IconButton>
              <IconButton
                aria-label={`Remove ${s.name}`}
                disabled={disabled}
                onClick={() => onChange(services.filter((_, j) => j !== i))}
              >
                <DeleteIcon />
              </IconButton>
            </ListItemSecondaryAction>
          </ListItem>
        ))}
        {services.length === 0 && (
          <ListItem>
            <ListItemText secondary="No service yet: add the first one." />
          </ListItem>
        )}
      </List>
      <Box>
        <Button
          variant="outlined"
          color="primary"
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={e =>
            kinds.length === 1 ? add(kinds[0]) : setMenu(e.currentTarget)
          }
        >
          Add service
        </Button>
        <Menu
          open={Boolean(menu)}
          anchorEl={menu}
          onClose={() => setMenu(null)}
        >
          {kinds.map(k => (
            <MenuItem key={k} onClick={() => add(k)}>
              {k}
            </MenuItem>
          ))}
        </Menu>
      </Box>
      {editing && (
        <ServiceDialog
          title={
            editing.index < services.length
              ? `Service ${editing.service.name}`
              : `Add a ${editing.service.kind}`
          }
          service={editing.service}
          all={
            editing.index < services.length
              ? services
              : [...services, editing.service]
          }
          index={editing.index}
          kinds={kinds}
          hostAccess={hostAccess}
          onCancel={() => setEditing(undefined)}
          onSave={saved => {
            const next = [...services];
            next[editing.index] = asFormValue(saved);
            onChange(next);
            setEditing(undefined);
          }}
        />
      )}
    </FormControl>
  );
};
