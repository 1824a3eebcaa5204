import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AddIcon from '@material-ui/icons/Add';
import ErrorIcon from '@material-ui/icons/Error';
import type {
  EdgeService,
  WorkloadKind,
} from '@edge-gitops/plugin-edge-gitops-common';
import { errorLookup } from './inputs';
import { AdvancedSection } from './sections/AdvancedSection';
import { BasicSection } from './sections/BasicSection';
import { HealthSection } from './sections/HealthSection';
import type { SectionProps } from './sections/layout';
import { NetworkSection } from './sections/NetworkSection';
import { SchedulingSection } from './sections/SchedulingSection';
import { StorageSection } from './sections/StorageSection';
import {
  ContainerRef,
  containerOfPath,
  containersOf,
  FIRST_CONTAINER,
  serviceProblems,
  withNewContainer,
  withoutContainer,
} from './servicesValue';

/** The dialog's tabs, grouped as the manuals group a service's fields. */
const TABS: { label: string; Section: (p: SectionProps) => JSX.Element }[] = [
  { label: 'Basic', Section: BasicSection },
  { label: 'Advanced', Section: AdvancedSection },
  { label: 'Storage', Section: StorageSection },
  { label: 'Health', Section: HealthSection },
  { label: 'Network', Section: NetworkSection },
  { label: 'Scheduling', Section: SchedulingSection },
];

/** Which tab holds a field path inside the service, to open it where a problem is. */
function tabOf(path: string): number {
  if (
    /^(init)?[cC]ontainers\[\d+\]\.(env|resources|imagePullPolicy|securityContext|architectures)/.test(
      path,
    ) ||
    path.startsWith('hostPID')
  )
    return 1;
  if (path.startsWith('volumes') || path.includes('volumeMounts')) return 2;
  if (/Probe|lifecycle/.test(path)) return 3;
  if (path.includes('.ports') || path.startsWith('hostNetwork')) return 4;
  if (/^(tolerations|updateStrategy|restartPolicy)/.test(path)) return 5;
  return 0;
}

const sameContainer = (a: ContainerRef | undefined, b: ContainerRef) =>
  a?.list === b.list && a.index === b.index;

/**
 * The service's containers, as the manuals' "add container": one chip each (init containers
 * marked), the one the tabs show selected; adding one selects it.
 */
const ContainerBar = (props: {
  service: EdgeService;
  selected: ContainerRef;
  withErrors(ref: ContainerRef): boolean;
  onSelect(ref: ContainerRef): void;
  onChange(service: EdgeService, selected: ContainerRef): void;
}) => {
  const { service, selected } = props;
  const all = containersOf(service);
  const works = all.filter(c => c.ref.list === 'containers').length;
  const add = (list: ContainerRef['list']) => {
    const added = withNewContainer(service, list);
    props.onChange(added.service, added.ref);
  };
  return (
    <Box
      px={3}
      pb={1}
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 8 }}
      role="group"
      aria-label="Containers"
    >
      <Typography variant="subtitle2" component="span">
        Containers
      </Typography>
      {all.map(({ ref, container }) => (
        <Chip
          key={`${ref.list}${ref.index}`}
          label={`${ref.list === 'initContainers' ? 'init: ' : ''}${
            container.name || '(no name)'
          }`}
          icon={props.withErrors(ref) ? <ErrorIcon /> : undefined}
          color={sameContainer(selected, ref) ? 'primary' : 'default'}
          aria-pressed={sameContainer(selected, ref)}
          onClick={() => props.onSelect(ref)}
        />
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() => add('containers')}
      >
        Add container
      </Button>
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() => add('initContainers')}
      >
        Add init container
      </Button>
      <Button
        size="small"
        disabled={selected.list === 'containers' && works <= 1}
        onClick={() => {
          const next = withoutContainer(service, selected);
          props.onChange(next, FIRST_CONTAINER);
        }}
      >
        Remove this container
      </Button>
    </Box>
  );
};

/**
 * Adds or changes one service: its fields in tabs, checked with the model's rules on save
 * (all services together, so a clashing name is caught). Problems show at their field,
 * and saving opens the tab of the first one.
 */
export const ServiceDialog = (props: {
  title: string;
  service: EdgeService;
  /** Every service of the application, with this one at `index`. */
  all: readonly EdgeService[];
  index: number;
  kinds: readonly WorkloadKind[];
  hostAccess: boolean;
  onSave(service: EdgeService): void;
  onCancel(): void;
}) => {
  const [service, setService] = useState(props.service);
  const [tab, setTab] = useState(0);
  const [container, setContainer] = useState<ContainerRef>(FIRST_CONTAINER);
  const [checked, setChecked] = useState(false);
  const others = [...props.all];
  others[props.index] = service;
  const problems = serviceProblems(others);
  const errors = problems.errors.get(props.index) ?? [];
  const warnings = problems.warnings.get(props.index) ?? [];
  // Messages appear once a save was tried: an empty new service is not an error yet.
  const errorAt = errorLookup(checked ? errors : []);
  const { Section } = TABS[tab];
  return (
    <Dialog
      open
      fullWidth
      maxWidth="md"
      onClose={props.onCancel}
      aria-labelledby="edge-service-dialog"
    >
      <DialogTitle id="edge-service-dialog">{props.title}</DialogTitle>
      <ContainerBar
        service={service}
        selected={container}
        withErrors={ref =>
          checked &&
          errors.some(e => sameContainer(containerOfPath(e.path), ref))
        }
        onSelect={setContainer}
        onChange={(next, ref) => {
          setService(next);
          setContainer(ref);
        }}
      />
      <Tabs
        value={tab}
        onChange={(_e, v) => setTab(v)}
        indicatorColor="primary"
        variant="scrollable"
      >
        {TABS.map(t => (
          <Tab key={t.label} label={t.label} />
        ))}
      </Tabs>
      <DialogContent dividers>
        {checked && errors.length > 0 && (
          <Box mb={2}>
            <Alert severity="error">
              {errors.map(e => (
                <div key={`${e.path}${e.message}`}>
                  {e.path || service.name}: {e.message}
                </div>
              ))}
            </Alert>
          </Box>
        )}
        {warnings.length > 0 && (
          <Box mb={2}>
            <Alert severity="warning">
              {warnings.map(w => (
                <div key={`${w.path}${w.message}`}>
                  {w.path}: {w.message}
                </div>
              ))}
            </Alert>
          </Box>
        )}
        <Section
          service={service}
          onChange={setService}
          errorAt={errorAt}
          kinds={props.kinds}
          hostAccess={props.hostAccess}
          container={container}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={() => {
            setChecked(true);
            if (!errors.length) {
              props.onSave(service);
              return;
            }
            setTab(tabOf(errors[0].path));
            const at = containerOfPath(errors[0].path);
            if (at) setContainer(at);
          }}
        >
          Save service
        </Button>
      </DialogActions>
    </Dialog>
  );
};
