import type { GitopsAgent } from '../api/types';
import type { ObservedObject } from './kubeObject';
import { LABEL_NODE_GROUP } from '../constants';

/**
 * Whether a node group's cluster applied the head of its git location (see docs/status.md),
 * read from the GitOps agent's own object: a Flux Kustomization or an Argo CD Application.
 * Pure: agent objects and the git head in, sync state out.
 *
 * @public
 */
export type SyncState = 'Synced' | 'Pending' | 'Failed' | 'Unknown';

/** @public */
export interface SyncStatus {
  state: SyncState;
  message: string;
  agent?: GitopsAgent;
  /** namespace/name of the agent object the state was read from. */
  source?: string;
  /** The commit the agent applied (a full or abbreviated SHA). */
  revision?: string;
  /** The head commit of the node group's git location. */
  head?: string;
}

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

/** @public */
export const FLUX_KUSTOMIZATION_API = 'kustomize.toolkit.fluxcd.io/v1';
/** @public */
export const ARGO_APPLICATION_API = 'argoproj.io/v1alpha1';

/**
 * The commit of a revision as the agents write it: Flux v1 "main\@sha1:<sha>", Flux v0
 * "main/<sha>", OCI "sha256:<digest>" (not a commit: undefined), Argo CD a bare SHA.
 *
 * @public
 */
export function commitOfRevision(revision: unknown): string | undefined {
  if (typeof revision !== 'string' || !revision) return undefined;
  const sha1 = /(?:^|@)sha1:([0-9a-f]{7,40})$/i.exec(revision);
  if (sha1) return sha1[1].toLowerCase();
  const legacy = /^[^@]+\/([0-9a-f]{7,40})$/i.exec(revision);
  if (legacy) return legacy[1].toLowerCase();
  return /^[0-9a-f]{7,40}$/i.test(revision)
    ? revision.toLowerCase()
    : undefined;
}

/** Equal commits, allowing either side to be abbreviated (at least 7 hex digits). */
function sameCommit(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= 7 && a.slice(0, n) === b.slice(0, n);
}

const conditionsOf = (o: ObservedObject): Condition[] =>
  Array.isArray(o.status?.conditions) ? o.status.conditions : [];

const idOf = (o: ObservedObject) =>
  `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;
const short = (sha?: string) => sha?.slice(0, 7);

/** Flux's Ready reasons that mean "working on it", not "failed". */
const FLUX_PROGRESSING = new Set([
  'Progressing',
  'ProgressingWithRetry',
  'DependencyNotReady',
]);

const HEAD_NOT_KNOWN = 'The head of the git location is not known';

/** A sync state read from one agent object that applied `revision`. */
function reader(
  agent: SyncStatus['agent'],
  o: ObservedObject,
  head: string | undefined,
  revision: string | undefined,
) {
  return (state: SyncState, message: string): SyncStatus => ({
    agent,
    source: idOf(o),
    head,
    revision,
    state,
    message,
  });
}

function fluxSync(k: ObservedObject, head?: string): SyncStatus {
  const applied = commitOfRevision(k.status?.lastAppliedRevision);
  const attempted = commitOfRevision(k.status?.lastAttemptedRevision);
  const ready = conditionsOf(k).find(c => c.type === 'Ready');
  const sync = reader('Flux', k, head, applied);
  if (
    ready?.status === 'False' &&
    !FLUX_PROGRESSING.has(ready.reason ?? '') &&
    (!head || !attempted || sameCommit(attempted, head))
  )
    return sync(
      'Failed',
      `${ready.reason ?? 'Failed'}: ${ready.message ?? ''}`.trim(),
    );
  if (!head) return sync('Unknown', HEAD_NOT_KNOWN);
  if (applied && sameCommit(applied, head))
    return sync('Synced', `Applied ${short(head)}`);
  let why = 'waiting for the next reconciliation';
  if (k.spec?.suspend) why = 'reconciliation is suspended';
  else if (ready?.reason === 'DependencyNotReady')
    why = `waiting for a dependency: ${ready.message ?? ''}`.trim();
  return sync(
    'Pending',
    applied
      ? `Applied ${short(applied)}, head is ${short(head)}: ${why}`
      : `Nothing applied yet: ${why}`,
  );
}

/** Argo CD's conditions that make an Application unable to sync. */
const ARGO_ERRORS = new Set([
  'ComparisonError',
  'InvalidSpecError',
  'SyncError',
  'UnknownError',
]);

function argoSync(a: ObservedObject, head?: string): SyncStatus {
  const revision = commitOfRevision(
    a.status?.sync?.revision ?? a.status?.sync?.revisions?.[0],
  );
  const sync = reader('Argo CD', a, head, revision);
  const operation = a.status?.operationState;
  const error = conditionsOf(a).find(c => ARGO_ERRORS.has(c.type));
  if (error)
    return sync('Failed', `${error.type}: ${error.message ?? ''}`.trim());
  if (operation?.phase === 'Failed' || operation?.phase === 'Error') {
    const opRevision = commitOfRevision(operation.syncResult?.revision);
    if (!head || !opRevision || sameCommit(opRevision, head))
      return sync(
        'Failed',
        `Sync ${operation.phase.toLowerCase()}: ${
          operation.message ?? ''
        }`.trim(),
      );
  }
  if (!head) return sync('Unknown', HEAD_NOT_KNOWN);
  const syncStatus = a.status?.sync?.status;
  if (revision && sameCommit(revision, head) && syncStatus === 'Synced')
    return sync('Synced', `Applied ${short(head)}`);
  return sync(
    'Pending',
    revision
      ? `${syncStatus ?? 'Unknown'} at ${short(revision)}, head is ${short(
          head,
        )}${operation?.phase === 'Running' ? ': syncing' : ''}`
      : 'Not compared with git yet',
  );
}

/**
 * The sync state of a node group from the agent objects cached for its cluster. An agent
 * object labelled with this node group wins over unlabelled ones; Flux wins over Argo CD
 * when both are present (a cluster is meant to run one).
 *
 * @public
 */
export function syncStatusOf(
  nodeGroup: string,
  agents: readonly ObservedObject[],
  head: string | undefined,
): SyncStatus {
  const rank = (o: ObservedObject) =>
    (o.metadata?.labels?.[LABEL_NODE_GROUP] === nodeGroup ? 0 : 2) +
    (o.kind === 'Kustomization' ? 0 : 1);
  const candidates = agents
    .filter(o => o.kind === 'Kustomization' || o.kind === 'Application')
    .filter(o => {
      const group = o.metadata?.labels?.[LABEL_NODE_GROUP];
      return !group || group === nodeGroup;
    })
    .sort((a, b) => rank(a) - rank(b) || idOf(a).localeCompare(idOf(b)));
  const agent = candidates[0];
  if (!agent)
    return {
      state: 'Unknown',
      head,
      message:
        'No Flux Kustomization or Argo CD Application for this node group in the cluster',
    };
  if (agent.metadata?.deletionTimestamp)
    return {
      state: 'Unknown',
      head,
      agent: agent.kind === 'Kustomization' ? 'Flux' : 'Argo CD',
      source: idOf(agent),
      message: 'The GitOps agent object is being deleted',
    };
  return agent.kind === 'Kustomization'
    ? fluxSync(agent, head)
    : argoSync(agent, head);
}
