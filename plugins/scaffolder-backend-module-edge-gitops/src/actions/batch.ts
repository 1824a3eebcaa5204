import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type {
  BatchJobCreatedResponse,
  BatchJobRequest,
} from '@edge-gitops/plugin-edge-gitops-common';
import { pruneEmpty } from '@edge-gitops/plugin-edge-gitops-common';
import { applicationFromInput } from './applicationInput';
import { examples } from './batch.examples';

/**
 * What edge-gitops:batch needs: the backend plugin is reached over HTTP as the user.
 *
 * @public
 */
export interface BatchActionDeps {
  discovery: DiscoveryService;
  auth: AuthService;
}

/** A count, a percentage such as "25%", or a count a form sent as text ("5"). */
const countOrPercent = (z: any) =>
  z.union([
    z.number().int().min(0),
    z.string().regex(/^(\d+|\d{1,3}(\.\d+)?%)$/),
  ]);

const asCountOrPercent = (v: unknown) =>
  typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;

/**
 * The input of edge-gitops:batch, spelled out: the report of the public API stays the same
 * whatever order the compiler infers the schema's members in.
 *
 * @public
 */
export type BatchActionInput = {
  application: JsonObject;
  waves?: { canary?: number; size?: number | string; waitSeconds?: number };
  maxUnavailable?: number | string;
  waveTimeoutSeconds?: number;
  soakSeconds?: number;
  unreachable?: 'fail' | 'defer';
};

/**
 * edge-gitops:batch starts a batch job: the application rolled out over its node groups in
 * waves, gated on health, by the edge-gitops backend (which stores and runs the job).
 *
 * @public
 */
export function createBatchAction(
  deps: BatchActionDeps,
): TemplateAction<BatchActionInput, { id: string; url: string }, 'v2'> {
  return createTemplateAction({
    id: 'edge-gitops:batch',
    examples,
    description:
      'Starts a batch job that rolls an EdgeApplication out over its node groups in waves, each gated on health',
    schema: {
      input: {
        application: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The EdgeApplication document'),
        waves: z =>
          z
            .object({
              canary: z.number().int().min(0).optional(),
              size: countOrPercent(z).optional(),
              waitSeconds: z.number().int().min(0).optional(),
            })
            .optional()
            .describe(
              'Node groups in the canary wave, per later wave (a count or "25%"), and the pause between waves',
            ),
        maxUnavailable: z =>
          countOrPercent(z)
            .optional()
            .describe('More failed node groups than this stop the job'),
        waveTimeoutSeconds: z =>
          z.number().int().min(1).optional().describe('Per-wave timeout'),
        soakSeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .optional()
            .describe('How long a node group must stay Current on our commit'),
        unreachable: z =>
          z
            .enum(['fail', 'defer'])
            .optional()
            .describe(
              'An unreachable cluster counts as failed, or waits for the end',
            ),
      },
      output: {
        id: z => z.string().describe('The batch job id'),
        url: z =>
          z
            .string()
            .describe("The job's page in Backstage (a path of the app)"),
      },
    },
    async handler(ctx) {
      // The same checks as publishing, before anything is asked of the backend.
      const { app } = applicationFromInput(ctx.input.application);
      const body: BatchJobRequest = {
        application: app,
        ...(pruneEmpty({
          waves: ctx.input.waves && {
            ...ctx.input.waves,
            size: asCountOrPercent(ctx.input.waves.size),
          },
          maxUnavailable: asCountOrPercent(ctx.input.maxUnavailable),
          waveTimeoutSeconds: ctx.input.waveTimeoutSeconds,
          soakSeconds: ctx.input.soakSeconds,
          unreachable: ctx.input.unreachable,
        }) as Omit<BatchJobRequest, 'application'>),
      };
      // A retried task step finds the job it started instead of starting another.
      const id = await ctx.checkpoint({
        key: `edge-gitops.batch.${app.metadata.name}`,
        fn: async () => {
          const { token } = await deps.auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: 'edge-gitops',
          });
          const base = await deps.discovery.getBaseUrl('edge-gitops');
          const response = await fetch(`${base}/batch-jobs`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${token}`,
            },
            body: JSON.stringify(body),
          });
          if (!response.ok) {
            const error = await ResponseError.fromResponse(response);
            throw new Error(error.body.error.message ?? error.message);
          }
          return ((await response.json()) as BatchJobCreatedResponse).id;
        },
      });
      const url = `/edge-gitops/batch-jobs/${id}`;
      ctx.logger.info(
        `started batch job ${id} for ${app.metadata.name}: ${url}`,
      );
      ctx.output('id', id);
      ctx.output('url', url);
    },
  });
}
