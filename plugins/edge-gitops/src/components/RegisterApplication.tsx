import { useState } from 'react';
import { CodeSnippet } from '@backstage/core-components';
import {
  applicationComponent,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';

/**
 * For an application git holds but the catalog does not know (published from a pipeline):
 * the Component to add to a catalog file, the same one the create templates register.
 */
export const RegisterApplication = ({
  application,
}: {
  application: string;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" color="primary" onClick={() => setOpen(true)}>
        Register
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="md">
        <DialogTitle>Register {application} in the catalog</DialogTitle>
        <DialogContent>
          <Typography paragraph>
            {application} is published to git but no catalog entity describes
            it. Add this Component to a catalog file the catalog reads (for
            example the <code>catalog-info.yaml</code> beside the application's{' '}
            <code>application.yaml</code>), and set its owner. Its entity page
            then shows where it runs and how it is doing.
          </Typography>
          <CodeSnippet
            language="yaml"
            text={toYaml(applicationComponent({ name: application }))}
            showCopyCodeButton
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
