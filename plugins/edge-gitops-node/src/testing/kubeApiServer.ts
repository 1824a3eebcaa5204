import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ObjectStore } from '../simulator/kubeApi/objectStore';
import { kubeStatus, serveKubeApi } from '../simulator/kubeApi/kubeApiHandler';
import { selfSignedCertificate } from '../simulator/certificate';

/** Custom resources served only when their CRD is installed. */
const CRD_COLLECTIONS: Record<string, 'flux' | 'argocd'> = {
  '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations': 'flux',
  '/apis/argoproj.io/v1alpha1/applications': 'argocd',
};

/** @public */
export interface KubeApiServer {
  url: string;
  /** PEM of the server's self-signed CA, for caData (base64 of it). */
  caData: string;
  token: string;
  apply(obj: any): void;
  remove(kind: string, namespace: string, name: string): void;
  /** Forget the event history: watches from older resourceVersions get 410 Gone. */
  compact(): void;
  /** Answer every request with this HTTP status until cleared (undefined). */
  failWith(status: number | undefined): void;
  /** Accept requests but never answer them, as an overloaded or half-dead server does. */
  stall(on: boolean): void;
  /** Answer 200 with a body that is not JSON, as a misconfigured proxy in front would. */
  sendGarbage(on: boolean): void;
  /** Drop open watch connections, as a restarting API server would. */
  dropWatches(): void;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A Kubernetes API server for tests that speaks the real protocol over HTTPS: list with
 * a resourceVersion, watch streams from a resourceVersion (JSON lines, with bookmarks),
 * 410 Gone once the history has been compacted, 401 for a wrong token, /version, 404 for
 * custom resources whose CRD is not installed. It serves the kinds edge-gitops watches,
 * filtered by equality label and field selectors, and can stall or answer garbage.
 *
 * @public
 */
export async function startKubeApiServer(
  opts: {
    token?: string;
    version?: string;
    /** Custom resource definitions installed: Flux's Kustomization, Argo CD's Application. */
    crds?: ('flux' | 'argocd')[];
  } = {},
): Promise<KubeApiServer> {
  const token = opts.token ?? 'test-token';
  const crds = new Set(opts.crds ?? []);
  let stalled = false;
  let garbage = false;
  let failing: number | undefined;
  const { key, cert } = selfSignedCertificate();
  const store = new ObjectStore(Number.MAX_SAFE_INTEGER);
  const watches = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const api = {
    gitVersion: opts.version ?? 'v1.31.4+k3s1',
    platform: 'linux/arm64',
    serves: (collection: string) => {
      const crd = CRD_COLLECTIONS[collection];
      return !crd || crds.has(crd);
    },
  };

  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (code: number, body: unknown) =>
      res
        .writeHead(code, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(body));
    if (stalled) return;
    if (garbage) {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      json(401, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (failing) {
      json(
        failing,
        kubeStatus(
          failing,
          'InternalError',
          'the server is failing on purpose',
        ),
      );
      return;
    }
    serveKubeApi(store, api, req, res, url, watches);
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}`,
    caData: Buffer.from(cert).toString('base64'),
    token,
    requests,
    apply(obj) {
      store.put(obj);
    },
    remove(kind, namespace, name) {
      const apiVersion = store.apiVersionOf(kind);
      if (apiVersion) store.remove(apiVersion, kind, namespace, name);
    },
    compact() {
      store.compact();
    },
    failWith(code) {
      failing = code;
    },
    stall(on) {
      stalled = on;
    },
    sendGarbage(on) {
      garbage = on;
    },
    dropWatches() {
      for (const w of watches) w.destroy();
      watches.clear();
    },
    close: () =>
      new Promise(resolve => {
        for (const w of watches) w.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
