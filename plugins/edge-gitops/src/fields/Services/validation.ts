import type { EdgeService } from '@edge-gitops/plugin-edge-gitops-common';
import { serviceProblems } from './servicesValue';

/**
 * The services at the field, with the model's messages: `web: containers[0].image: ...`.
 * At least one service is needed.
 */
export function validateServices(
  services: EdgeService[] | undefined,
  field: { addError(message: string): void },
): void {
  if (!services?.length) {
    field.addError('add at least one service');
    return;
  }
  const { errors } = serviceProblems(services);
  for (const [i, problems] of [...errors.entries()].sort(([a], [b]) => a - b))
    for (const p of problems)
      field.addError(
        `${services[i]?.name || `service ${i + 1}`}: ${
          p.path ? `${p.path}: ` : ''
        }${p.message}`,
      );
}
