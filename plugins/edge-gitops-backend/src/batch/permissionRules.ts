import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  BATCH_JOB_RESOURCE_TYPE,
  BatchJobSummary,
} from '@edge-gitops/plugin-edge-gitops-common';
import { z } from 'zod';

/** The filter a policy's conditions become: jobs started by one of these refs. */
export type BatchJobFilter = { key: 'createdBy'; values: string[] };

/** Batch jobs as a resource of the permission framework. */
export const batchJobResourceRef = createPermissionResourceRef<
  BatchJobSummary,
  BatchJobFilter
>().with({ pluginId: 'edge-gitops', resourceType: BATCH_JOB_RESOURCE_TYPE });

/**
 * A conditional rule for stop, continue and retry: the job was started by one of `claims`
 * (a policy passes the user's ownership refs), so people can manage their own jobs.
 */
export const isBatchJobCreator = createPermissionRule({
  name: 'IS_BATCH_JOB_CREATOR',
  description: 'Allow batch jobs started by one of the given user entity refs',
  resourceRef: batchJobResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('User entity refs, e.g. user:default/jane'),
  }),
  apply: (job, { claims }) => claims.includes(job.createdBy),
  toQuery: ({ claims }) => ({ key: 'createdBy', values: claims }),
});
