import {
  DNS1123_LABEL,
  DNS1123_LABEL_HINT,
} from '@edge-gitops/plugin-edge-gitops-common';

/** The part of the zod instance the scaffolder hands to an input schema that we use. */
interface ZodStrings {
  string(): {
    regex(pattern: RegExp, message: string): { describe(text: string): any };
  };
}

/** An application name as an action input: a DNS-1123 label, the same rule as the model's. */
export const applicationNameInput = (z: ZodStrings) =>
  z
    .string()
    .regex(DNS1123_LABEL, DNS1123_LABEL_HINT)
    .describe('Application name');
