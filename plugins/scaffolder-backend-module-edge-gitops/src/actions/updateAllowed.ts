import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { edgeGitopsApplicationUpdatePermission } from '@edge-gitops/plugin-edge-gitops-common';
import type { ExistingApplication } from './existingApplication';

/**
 * An update changes an application that exists, and only for people allowed to change it:
 * edge-gitops.application.update on each catalog Component of the application (a policy can
 * say "its owner"). An application only git holds (published from a pipeline) has no
 * Component to ask about; each node group's deploy permission still applies.
 */
export async function assertUpdateAllowed(
  name: string,
  existing: ExistingApplication,
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  if (!existing.inGit.length && !existing.inCatalog.length)
    throw new InputError(
      `metadata.name: no application named ${name} to update (neither git nor the catalog holds it); create it with a create template`,
    );
  if (!existing.inCatalog.length) return;
  const decisions = await permissions.authorize(
    existing.inCatalog.map(resourceRef => ({
      permission: edgeGitopsApplicationUpdatePermission,
      resourceRef,
    })),
    { credentials },
  );
  const refused = existing.inCatalog.filter(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (refused.length)
    throw new NotAllowedError(
      `you are not allowed to change application ${name} (permission ${
        edgeGitopsApplicationUpdatePermission.name
      } on ${refused.join(', ')})`,
    );
}
