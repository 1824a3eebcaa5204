import type express from 'express';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DNS1123_LABEL_HINT,
  isDns1123Label,
} from '@edge-gitops/plugin-edge-gitops-common';

/**
 * The signed-in user or service behind a request; anything else is refused (401).
 *
 * @public
 */
export const callerOf = (httpAuth: HttpAuthService) => (req: express.Request) =>
  httpAuth.credentials(req, { allow: ['user', 'service'] });

/**
 * The application name in the path, refused (400) unless it is a DNS-1123 label.
 *
 * @public
 */
export function applicationNameOf(req: express.Request): string {
  const name = req.params.name;
  if (!isDns1123Label(name)) {
    throw new InputError(
      `application name ${JSON.stringify(name)} ${DNS1123_LABEL_HINT}`,
    );
  }
  return name;
}
