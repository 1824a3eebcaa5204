import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EdgeApplication,
  edgeGitopsHostAccessPermission,
  hostAccessProblems,
} from '@edge-gitops/plugin-edge-gitops-common';
import { notValid } from './applicationInput';

/**
 * Host access (privileged, host network, host PID) is reserved: a template that does not
 * allow it (`hostAccess: false`) refuses it at its fields, and otherwise the requester
 * needs edge-gitops.application.host-access. Checked before anything is written.
 */
export async function assertHostAccessAllowed(
  app: EdgeApplication,
  allowedByTemplate: boolean | undefined,
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const uses = hostAccessProblems(app);
  if (!uses.length) return;
  if (allowedByTemplate === false) throw notValid(uses);
  const [decision] = await permissions.authorize(
    [{ permission: edgeGitopsHostAccessPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(
      `you are not allowed host access (permission ${
        edgeGitopsHostAccessPermission.name
      }): ${uses.map(u => u.path).join(', ')}`,
    );
}
