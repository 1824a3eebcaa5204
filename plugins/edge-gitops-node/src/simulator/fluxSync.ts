import {
  fluxGitRepositoryFor,
  fluxKustomizationFor,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { KubeObject, ObjectStore } from './kubeApi/objectStore';
import { kustomizeBuild } from './kustomizeBuild';
import type { GitSource } from './gitSource';
import { withCondition, writeStatus } from './controllers/context';

/** API groups every cluster serves; others need their CustomResourceDefinition first. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'apiextensions.k8s.io',
  'kustomize.toolkit.fluxcd.io',
  'source.toolkit.fluxcd.io',
]);

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

/** Flux's inventory id of an object: namespace_name_group_kind. */
const inventoryId = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}_${o.metadata.name}_${groupOf(o.apiVersion)}_${
    o.kind
  }`;

const FLUX_LABELS = {
  'kustomize.toolkit.fluxcd.io/name': 'edge-gitops',
  'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
};

/**
 * The part of Flux a simulated cluster runs: it polls the node group's git location,
 * builds what its root kustomization lists, applies it, prunes what the previous revision
 * applied and this one does not, and keeps the `edge-gitops` Kustomization's status
 * (Ready, lastAttemptedRevision, lastAppliedRevision, inventory) the way
 * kustomize-controller does, so git sync reads Pending and then Synced truthfully.
 */
export class FluxSync {
  private busy = false;
  private inventory: {
    id: string;
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  }[] = [];
  private attempted?: string;

  constructor(
    private group: NodeGroup,
    private readonly store: ObjectStore,
    private source: GitSource,
    private readonly opts: {
      applyDelayMs: number;
      now: () => number;
    },
  ) {
    store.apply(fluxGitRepositoryFor(group) as KubeObject);
    store.apply(fluxKustomizationFor(group) as KubeObject);
  }

  private revision(commit: string) {
    return `${this.group.git.branch}@sha1:${commit}`;
  }

  /**
   * Sets the Ready condition, observedGeneration and more status of one of Flux's
   * `edge-gitops` objects (Kustomization, GitRepository). A
   * status that did not change is not written: a failing poll repeats itself every time.
   */
  private setReady(
    apiVersion: string,
    kind: string,
    ready: { status: string; reason: string; message: string },
    extra: Record<string, unknown> = {},
  ) {
    const o = this.store.get(apiVersion, kind, 'flux-system', 'edge-gitops');
    if (!o) return;
    writeStatus(this.store, o, {
      ...o.status,
      observedGeneration: o.metadata.generation,
      ...extra,
      conditions: withCondition(
        o.status?.conditions,
        { type: 'Ready', ...ready },
        this.opts.now(),
      ),
    });
  }

  private setStatus(
    ready: { status: string; reason: string; message: string },
    extra: Record<string, unknown> = {},
  ) {
    this.setReady(
      'kustomize.toolkit.fluxcd.io/v1',
      'Kustomization',
      ready,
      extra,
    );
  }

  private setSource(commit: string | undefined, error?: string) {
    let ready = {
      status: 'True',
      reason: 'Succeeded',
      message: commit
        ? `stored artifact for revision '${this.revision(commit)}'`
        : 'no revision yet',
    };
    if (error)
      ready = { status: 'False', reason: 'GitOperationFailed', message: error };
    this.setReady(
      'source.toolkit.fluxcd.io/v1',
      'GitRepository',
      ready,
      commit ? { artifact: { revision: this.revision(commit) } } : {},
    );
  }

  /** The node group's git location changed: the next poll reads the new one. */
  retarget(group: NodeGroup, source: GitSource): void {
    this.group = group;
    this.source = source;
    this.attempted = undefined;
    this.store.apply(fluxGitRepositoryFor(group) as KubeObject);
    this.store.apply(fluxKustomizationFor(group) as KubeObject);
  }

  /** One reconciliation: does nothing when the head was already attempted. */
  async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.reconcile();
    } finally {
      this.busy = false;
    }
  }

  private async reconcile() {
    let head: string | undefined;
    try {
      head = await this.source.head();
    } catch (e) {
      const message = (e as Error).message;
      this.setSource(undefined, message);
      this.setStatus({
        status: 'False',
        reason: 'ArtifactFailed',
        message: `Source is not ready: ${message}`,
      });
      return;
    }
    if (!head) {
      const message = `couldn't find remote ref "refs/heads/${this.group.git.branch}"`;
      this.setSource(undefined, message);
      this.setStatus({
        status: 'False',
        reason: 'ArtifactFailed',
        message: `Source is not ready: ${message}`,
      });
      return;
    }
    if (head === this.attempted) return;
    this.setSource(head);
    this.setStatus({
      status: 'Unknown',
      reason: 'Progressing',
      message: `Reconciliation in progress for revision ${this.revision(head)}`,
    });
    await new Promise(r => setTimeout(r, this.opts.applyDelayMs));
    let snapshot;
    let objects: KubeObject[];
    try {
      snapshot = await this.source.snapshot();
      if (!snapshot) return;
      objects = kustomizeBuild(snapshot.files);
      const groups = new Set(
        objects
          .filter(o => o.kind === 'CustomResourceDefinition')
          .map(o => o.spec?.group as string),
      );
      for (const crd of this.store.list(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
      ))
        groups.add(crd.spec?.group);
      const unknown = objects.find(
        o =>
          !BUILT_IN_GROUPS.has(groupOf(o.apiVersion)) &&
          !groups.has(groupOf(o.apiVersion)),
      );
      if (unknown)
        throw new Error(
          `${unknown.kind}/${unknown.metadata.name} dry-run failed: no matches for kind "${unknown.kind}" in version "${unknown.apiVersion}"`,
        );
    } catch (e) {
      const commit = snapshot?.commit ?? head;
      this.attempted = commit;
      this.setStatus(
        {
          status: 'False',
          reason: 'BuildFailed',
          message: (e as Error).message,
        },
        { lastAttemptedRevision: this.revision(commit) },
      );
      return;
    }
    const next = objects.map(o => {
      const labelled: KubeObject = {
        ...o,
        metadata: {
          ...o.metadata,
          labels: { ...(o.metadata.labels ?? {}), ...FLUX_LABELS },
        },
      };
      const stored =
        this.store.apply(labelled) ??
        this.store.get(
          o.apiVersion,
          o.kind,
          o.metadata.namespace ?? 'default',
          o.metadata.name,
        ) ??
        labelled;
      return {
        id: inventoryId(stored),
        apiVersion: stored.apiVersion,
        kind: stored.kind,
        namespace: stored.metadata.namespace,
        name: stored.metadata.name,
      };
    });
    const keep = new Set(next.map(e => e.id));
    for (const gone of this.inventory.filter(e => !keep.has(e.id)))
      this.store.remove(gone.apiVersion, gone.kind, gone.namespace, gone.name);
    this.inventory = next;
    this.attempted = snapshot.commit;
    this.setStatus(
      {
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: ${this.revision(snapshot.commit)}`,
      },
      {
        lastAppliedRevision: this.revision(snapshot.commit),
        lastAttemptedRevision: this.revision(snapshot.commit),
        inventory: {
          entries: next.map(e => ({
            id: e.id,
            v: e.apiVersion.split('/').pop(),
          })),
        },
      },
    );
  }
}
