import { ReactNode } from 'react';
import {
  Box,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  Typography,
} from '@material-ui/core';
import type {
  EdgeService,
  WorkloadKind,
} from '@edge-gitops/plugin-edge-gitops-common';
import { ErrorAt } from '../inputs';
import type { ContainerRef } from '../servicesValue';

/** What every tab of the service dialog gets. */
export interface SectionProps {
  service: EdgeService;
  onChange(service: EdgeService): void;
  errorAt: ErrorAt;
  kinds: readonly WorkloadKind[];
  /** Whether the template lets this person use host access (privileged, host network, PID). */
  hostAccess: boolean;
  /** The container whose fields the tab shows (a service's own fields are on the same tabs). */
  container: ContainerRef;
}

export const NoHostAccess = ({ what }: { what: string }) => (
  <Box mt={2}>
    <FormHelperText>
      {what} need host access, which this template has not given you (its Host
      access step).
    </FormHelperText>
  </Box>
);

export const Row = ({ children }: { children: ReactNode }) => (
  <Box
    display="flex"
    flexWrap="wrap"
    alignItems="flex-start"
    style={{ gap: 12 }}
  >
    {children}
  </Box>
);

export const Heading = ({ title, help }: { title: string; help?: string }) => (
  <Box mt={2}>
    <Typography variant="subtitle2">{title}</Typography>
    {help && <FormHelperText>{help}</FormHelperText>}
  </Box>
);

export const Flag = (props: {
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
