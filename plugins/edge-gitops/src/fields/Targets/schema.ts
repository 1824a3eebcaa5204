import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The schema of the EdgeTargets field: the EdgeApplication's `spec.targets`, node groups by
 * name and by label selector, and the node selector inside each cluster.
 *
 * @public
 */
export const EdgeTargetsFieldSchema = makeFieldSchema({
  output: z =>
    z.object({
      nodeGroups: z.array(z.string()).optional(),
      selector: z
        .object({
          matchLabels: z.record(z.string()).optional(),
          matchExpressions: z
            .array(
              z.object({
                key: z.string(),
                operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
                values: z.array(z.string()).optional(),
              }),
            )
            .optional(),
        })
        .optional(),
      nodeSelector: z.record(z.string()).optional(),
    }),
});

/** @public */
export type EdgeTargetsValue = typeof EdgeTargetsFieldSchema.TOutput;
