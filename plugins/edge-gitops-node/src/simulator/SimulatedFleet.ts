import http2 from 'node:http2';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import crypto from 'node:crypto';
import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import { selfSignedCertificate } from './certificate';
import { kubeStatus, serveKubeApi } from './kubeApi/kubeApiHandler';
import { SimulatedCluster } from './SimulatedCluster';
import { gitSourceFor, GitSourceOptions } from './gitSource';
import { DEFAULT_SIMULATOR_TIMINGS, SimulatorTimings } from './timings';
import type { ClusterConnectionConfig } from '../clusters/clusterConnections';

/** @public */
export interface SimulatedFleetOptions {
  timings?: Partial<SimulatorTimings>;
  /** Nodes per cluster (default 3: a tainted control plane and two workers). */
  nodesPerCluster?: number;
  /** Where clusters read their node group's git location; without it they only run what is applied. */
  git?: GitSourceOptions & { dataDir: string };
  /** The clock controllers read (tests move it forward to fire CronJobs). */
  now?: () => number;
}

/**
 * An object as a simulated cluster stores and serves it.
 *
 * @public
 */
export type SimulatedObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

/**
 * One simulated cluster, as benchmarks and embedders see it.
 *
 * @public
 */
export interface SimulatedClusterView {
  readonly name: string;
  readonly offline: boolean;
  /** Applies one object as `kubectl apply` would, without git (benchmarks seed clusters so). */
  apply(obj: SimulatedObject): void;
  /** The stored objects of a kind, as the API serves them. */
  list(apiVersion: string, kind: string, namespace?: string): SimulatedObject[];
}

/** The clusters behind each fleet, for this package's tests (not part of the API). */
const clustersOf = new WeakMap<SimulatedFleet, Map<string, SimulatedCluster>>();

/** A fleet's cluster with its store and controllers; for tests inside this package. */
export function simulatedClusterOf(
  fleet: SimulatedFleet,
  nodeGroup: string,
): SimulatedCluster | undefined {
  return clustersOf.get(fleet)?.get(nodeGroup);
}

/** Collections a simulated cluster serves: the built-in API plus Flux's CRDs (not Argo CD's). */
const serves = (collection: string) =>
  !collection.startsWith('/apis/argoproj.io/');

/**
 * A fleet of simulated clusters, one per node group, behind one HTTPS server that speaks
 * the Kubernetes API: cluster X is at https://127.0.0.1:PORT/clusters/X with its own
 * bearer token and the fleet's CA, so `@kubernetes/client-node` reads it exactly as it
 * reads a real cluster. An offline cluster resets every connection, as an unreachable
 * site does.
 *
 * @public
 */
export class SimulatedFleet {
  private readonly clusters = new Map<string, SimulatedCluster>();
  private readonly watches = new Map<string, Set<ServerResponse>>();
  private readonly sockets = new Set<Socket>();
  private readonly timings: SimulatorTimings;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly server: http2.Http2SecureServer,
    readonly url: string,
    /** Base64 of the fleet's CA certificate, for caData. */
    readonly caData: string,
    private readonly opts: SimulatedFleetOptions,
  ) {
    this.timings = {
      ...DEFAULT_SIMULATOR_TIMINGS,
      ...definedOnly(opts.timings),
    };
    this.now = opts.now ?? Date.now;
    clustersOf.set(this, this.clusters);
  }

  static async start(
    opts: SimulatedFleetOptions = {},
  ): Promise<SimulatedFleet> {
    const { key, cert } = selfSignedCertificate();
    const handler: { fleet?: SimulatedFleet } = {};
    // HTTP/2 as real API servers speak it (and HTTP/1.1 for clients that do not): one
    // connection per cluster carries all its watches.
    const server = http2.createSecureServer(
      { key, cert, allowHTTP1: true },
      (req, res) =>
        handler.fleet!.handle(
          req as unknown as import('node:http').IncomingMessage,
          res as unknown as ServerResponse,
        ),
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fleet = new SimulatedFleet(
      server,
      `https://127.0.0.1:${port}`,
      Buffer.from(cert).toString('base64'),
      opts,
    );
    handler.fleet = fleet;
    server.on('connection', s => {
      fleet.sockets.add(s);
      s.on('close', () => fleet.sockets.delete(s));
    });
    fleet.timer = setInterval(() => fleet.tick(), fleet.timings.tickMs);
    fleet.timer.unref();
    return fleet;
  }

  private handle(
    req: import('node:http').IncomingMessage,
    res: ServerResponse,
  ) {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const m = /^\/clusters\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const cluster = m ? this.clusters.get(decodeURIComponent(m[1])) : undefined;
    if (!cluster) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(
          JSON.stringify(
            kubeStatus(404, 'NotFound', 'no such simulated cluster'),
          ),
        );
      return;
    }
    if (cluster.offline) {
      req.socket.destroy();
      return;
    }
    const expected = Buffer.from(`Bearer ${cluster.token}`);
    const given = Buffer.from(req.headers.authorization ?? '');
    if (
      given.length !== expected.length ||
      !crypto.timingSafeEqual(given, expected)
    ) {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(kubeStatus(401, 'Unauthorized', 'Unauthorized')));
      return;
    }
    url.pathname = m![2] ?? '/';
    serveKubeApi(
      cluster.store,
      {
        gitVersion: 'v1.31.4+k3s1',
        platform: `linux/${cluster.group.labels.arch ?? 'amd64'}`,
        serves,
      },
      req,
      res,
      url,
      this.watchesOf(cluster.name),
    );
  }

  private watchesOf(name: string) {
    let set = this.watches.get(name);
    if (!set) this.watches.set(name, (set = new Set()));
    return set;
  }

  private tick() {
    const now = this.now();
    for (const c of this.clusters.values()) c.tick(now);
  }

  /**
   * The node group's simulated cluster, created on first call (relabelled on later ones),
   * and how to connect to it.
   */
  ensure(
    group: NodeGroup,
  ): ClusterConnectionConfig & { serviceAccountToken: string } {
    let cluster = this.clusters.get(group.name);
    const git = this.opts.git;
    if (!cluster) {
      cluster = new SimulatedCluster(group, {
        timings: this.timings,
        nodesPerCluster: this.opts.nodesPerCluster ?? 3,
        now: this.now,
        gitSourceOf: git ? g => gitSourceFor(g, git) : undefined,
      });
      this.clusters.set(group.name, cluster);
    } else cluster.update(group);
    return {
      nodeGroup: group.name,
      url: `${this.url}/clusters/${encodeURIComponent(group.name)}`,
      caData: this.caData,
      serviceAccountToken: cluster.token,
    };
  }

  cluster(nodeGroup: string): SimulatedClusterView | undefined {
    return this.clusters.get(nodeGroup);
  }

  names(): string[] {
    return [...this.clusters.keys()].sort();
  }

  /** Removes a node group's cluster (the node group left the catalog). */
  remove(nodeGroup: string): void {
    this.setOffline(nodeGroup, true);
    this.clusters.delete(nodeGroup);
    this.watches.delete(nodeGroup);
  }

  /** Takes a cluster offline (connections reset, Flux stops) or back; false when unknown. */
  setOffline(nodeGroup: string, offline: boolean): boolean {
    const cluster = this.clusters.get(nodeGroup);
    if (!cluster) return false;
    cluster.offline = offline;
    if (offline) {
      for (const w of this.watches.get(nodeGroup) ?? []) w.destroy();
      this.watches.get(nodeGroup)?.clear();
    } else cluster.pollSoon();
    return true;
  }

  /** Runs every cluster's controllers now (tests call it after moving the clock). */
  reconcileNow(): void {
    const now = this.now();
    for (const c of this.clusters.values()) c.reconcile(now);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const set of this.watches.values()) for (const w of set) w.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}

function definedOnly(t: Partial<SimulatorTimings> | undefined) {
  return Object.fromEntries(
    Object.entries(t ?? {}).filter(([, v]) => typeof v === 'number'),
  ) as Partial<SimulatorTimings>;
}
