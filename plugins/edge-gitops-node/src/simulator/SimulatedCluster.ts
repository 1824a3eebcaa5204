import crypto from 'node:crypto';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import { KubeObject, ObjectStore } from './kubeApi/objectStore';
import { EventRecorder } from './events';
import { simulatedNodes } from './nodes';
import type { SimulatorTimings } from './timings';
import type { ClusterContext, PodRun } from './controllers/context';
import { runPods } from './controllers/kubelet';
import { reconcileDeployments } from './controllers/deployment';
import { reconcileDaemonSets } from './controllers/daemonSet';
import { reconcileJobs } from './controllers/job';
import { reconcileCronJobs } from './controllers/cronJob';
import { collectGarbage } from './controllers/garbageCollector';
import { FluxSync } from './fluxSync';
import type { GitSource } from './gitSource';

/** Passes per tick at most: each pass lets one controller react to another's change. */
const MAX_PASSES = 6;

/**
 * One node group's simulated cluster: its objects (served over the Kubernetes API by the
 * fleet), its nodes, the controllers and kubelets that move its workloads, and the Flux
 * that applies its git location. It runs on ticks; a pass runs only when something changed
 * or a timer it asked for (a pod becoming ready, a CronJob's schedule) is due.
 */
export class SimulatedCluster {
  readonly store: ObjectStore;
  readonly token = crypto.randomBytes(24).toString('hex');
  readonly flux?: FluxSync;
  private readonly gitSourceOf?: (group: NodeGroup) => GitSource;
  /** Offline: the API does not answer and Flux does not poll, as when the site's link is down. */
  offline = false;
  private nodes: KubeObject[];
  private readonly events: EventRecorder;
  private readonly pods = new Map<string, PodRun>();
  private readonly progress = new Map<
    string,
    { signature: string; at: number }
  >();
  private seenVersion = -1;
  private wakeAt = 0;
  private nextPollAt: number;

  constructor(
    public group: NodeGroup,
    private readonly opts: {
      timings: SimulatorTimings;
      nodesPerCluster: number;
      now: () => number;
      /** How to read a node group's git location; without it, no Flux. */
      gitSourceOf?: (group: NodeGroup) => GitSource;
      historyLimit?: number;
    },
  ) {
    this.gitSourceOf = opts.gitSourceOf;
    this.store = new ObjectStore(opts.historyLimit ?? 100);
    this.events = new EventRecorder(this.store, opts.now, 200);
    this.nodes = simulatedNodes(group, opts.nodesPerCluster);
    for (const n of this.nodes) this.store.apply(n);
    // Polls spread over the interval, so a thousand clusters do not ask git at once.
    this.nextPollAt = opts.now() + Math.random() * opts.timings.gitPollMs * 0.2;
    if (opts.gitSourceOf)
      this.flux = new FluxSync(group, this.store, opts.gitSourceOf(group), {
        applyDelayMs: opts.timings.applyDelayMs,
        now: opts.now,
      });
  }

  get name(): string {
    return this.group.name;
  }

  /**
   * A person edited the node group: new labels relabel the nodes, a new git location is
   * what Flux reads from the next poll on (and prunes what only the old one held).
   */
  update(group: NodeGroup): void {
    const before = this.group;
    this.group = group;
    if (JSON.stringify(group.labels) !== JSON.stringify(before.labels)) {
      this.nodes = simulatedNodes(group, this.opts.nodesPerCluster);
      for (const n of this.nodes) this.store.apply(n);
    }
    if (
      this.flux &&
      this.gitSourceOf &&
      JSON.stringify(group.git) !== JSON.stringify(before.git)
    ) {
      this.flux.retarget(group, this.gitSourceOf(group));
      this.pollSoon();
    }
  }

  /** `kubectl apply` of one object: what Flux does, for benchmarks and tests without git. */
  apply(obj: KubeObject): KubeObject | undefined {
    return this.store.apply(obj);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    return this.store.list(apiVersion, kind, namespace);
  }

  /** Runs the controllers when due; starts a Flux poll when due and online. */
  tick(now: number): void {
    if (this.flux && !this.offline && now >= this.nextPollAt) {
      this.nextPollAt = now + this.opts.timings.gitPollMs;
      void this.flux.poll();
    }
    if (this.store.resourceVersion === this.seenVersion && now < this.wakeAt)
      return;
    this.reconcile(now);
  }

  /** Asks Flux to look at git now (as `flux reconcile` does). */
  pollSoon(): void {
    this.nextPollAt = 0;
  }

  reconcile(now: number): void {
    let wakeAt = Number.POSITIVE_INFINITY;
    const ctx: ClusterContext = {
      store: this.store,
      nodes: this.nodes,
      events: this.events,
      timings: this.opts.timings,
      now,
      pods: this.pods,
      progress: this.progress,
      wake: at => {
        wakeAt = Math.min(wakeAt, at);
      },
    };
    let settled = false;
    for (let pass = 0; pass < MAX_PASSES && !settled; pass++) {
      const before = this.store.resourceVersion;
      collectGarbage(ctx);
      reconcileCronJobs(ctx);
      reconcileJobs(ctx);
      reconcileDeployments(ctx);
      reconcileDaemonSets(ctx);
      runPods(ctx);
      settled = this.store.resourceVersion === before;
    }
    this.seenVersion = this.store.resourceVersion;
    // Still changing after the last pass: carry on at the next tick.
    this.wakeAt = settled ? wakeAt : now;
  }
}
