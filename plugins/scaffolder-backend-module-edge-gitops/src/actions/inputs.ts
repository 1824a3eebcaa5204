import type { z as zod } from 'zod/v3';
import {
  DNS1123_LABEL,
  DNS1123_LABEL_HINT,
} from '@edge-gitops/plugin-edge-gitops-common';

/** An application name as an action input: a DNS-1123 label, the same rule as the model's. */
export const applicationNameInput = (z: typeof zod) =>
  z
    .string()
    .regex(DNS1123_LABEL, DNS1123_LABEL_HINT)
    .describe('Application name');
