import crypto from 'node:crypto';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  BatchJobCreatedResponse,
  BatchJobDetail,
  BatchJobListResponse,
  BatchJobState,
  edgeGitopsBatchContinuePermission,
  edgeGitopsBatchCreatePermission,
  edgeGitopsBatchRetryPermission,
  edgeGitopsBatchStopPermission,
  pageOf,
  parseBatchJobRequest,
  planWaves,
  requireTargets,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { deniedNodeGroups } from '@edge-gitops/plugin-edge-gitops-node';
import type { BatchJobStore, Request } from './BatchJobStore';

const STATES: readonly BatchJobState[] = [
  'Queued',
  'Running',
  'Succeeded',
  'PartiallySucceeded',
  'Failed',
  'Stopping',
  'Stopped',
  'TimedOut',
];

const REQUESTS: Record<
  Request,
  { permission: ResourcePermission; fits: string }
> = {
  stop: {
    permission: edgeGitopsBatchStopPermission,
    fits: 'only a Queued or Running job can be stopped',
  },
  continue: {
    permission: edgeGitopsBatchContinuePermission,
    fits: 'only a Stopped job can be continued',
  },
  retry: {
    permission: edgeGitopsBatchRetryPermission,
    fits: 'only a Failed, PartiallySucceeded or TimedOut job can be retried',
  },
};

/** The caller as an entity ref (users) or subject (services), for the job's history. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? p.type;
}

/**
 * What the batch-jobs routes do: check the request and the caller's permissions, then ask
 * the store. Running the jobs is the runner's part.
 */
export class BatchJobService {
  constructor(
    private readonly deps: {
      store: BatchJobStore;
      permissions: PermissionsService;
      nodeGroups: (
        credentials: BackstageCredentials,
      ) => Promise<readonly NodeGroup[]>;
      now?: () => number;
    },
  ) {}

  private readonly now = () => (this.deps.now ?? Date.now)();

  async create(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<BatchJobCreatedResponse> {
    const parsed = parseBatchJobRequest(body);
    if (!('value' in parsed))
      throw new InputError(
        `invalid batch job: ${parsed.problems
          .map(p => (p.path ? `${p.path}: ${p.message}` : p.message))
          .join('; ')}`,
      );
    await this.authorize(edgeGitopsBatchCreatePermission, credentials);
    const { application, options } = parsed.value;
    const all = await this.deps.nodeGroups(credentials);
    const targeted = requireTargets(application, all);
    const denied = await deniedNodeGroups(
      this.deps.permissions,
      credentials,
      targeted,
    );
    if (denied.size)
      throw new NotAllowedError(
        `you are not allowed to deploy to node group(s) ${[...denied].join(
          ', ',
        )} (permission edge-gitops.node-group.deploy)`,
      );
    const id = crypto.randomUUID();
    await this.deps.store.insert({
      id,
      spec: { application, options },
      waves: planWaves(
        targeted.map(g => g.name),
        options.waves,
      ),
      createdBy: actorOf(credentials),
      now: this.now(),
    });
    return { id };
  }

  async list(query: Record<string, unknown>): Promise<BatchJobListResponse> {
    const { offset, limit } = pageOf(query);
    const state =
      typeof query.state === 'string' && query.state
        ? query.state.split(',')
        : [];
    const unknown = state.filter(s => !STATES.includes(s as BatchJobState));
    if (unknown.length)
      throw new InputError(
        `state: unknown state ${unknown.join(', ')} (known: ${STATES.join(
          ', ',
        )})`,
      );
    const application =
      typeof query.application === 'string' && query.application
        ? query.application
        : undefined;
    const page = await this.deps.store.list({
      state: state as BatchJobState[],
      application,
      offset,
      limit,
    });
    return { ...page, offset, limit };
  }

  async get(id: string): Promise<BatchJobDetail> {
    const job = await this.deps.store.detail(id);
    if (!job) throw new NotFoundError(`no batch job ${JSON.stringify(id)}`);
    return job;
  }

  async request(
    id: string,
    request: Request,
    credentials: BackstageCredentials,
  ): Promise<BatchJobDetail> {
    await this.get(id);
    await this.authorize(REQUESTS[request].permission, credentials, id);
    const done = await this.deps.store.request(
      id,
      request,
      actorOf(credentials),
      this.now(),
    );
    if (!done.ok)
      throw new ConflictError(
        `batch job ${id} is ${done.state}: ${REQUESTS[request].fits}`,
      );
    return this.get(id);
  }

  private async authorize(
    permission: BasicPermission | ResourcePermission,
    credentials: BackstageCredentials,
    resourceRef?: string,
  ) {
    const [decision] = await this.deps.permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission },
      ] as any,
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `you are not allowed to do this (permission ${permission.name})`,
      );
  }
}
