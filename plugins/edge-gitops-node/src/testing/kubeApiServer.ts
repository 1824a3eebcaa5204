import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A Kubernetes API server for tests that speaks the real protocol over HTTPS: list with
 * a resourceVersion, watch streams from a resourceVersion (JSON lines, with bookmarks),
 * 410 Gone once the history has been compacted, 401 for a wrong token, /version, 404 for
 * custom resources whose CRD is not installed. It serves the kinds edge-gitops watches,
 * filtered by equality label and field selectors, and can stall or answer garbage.
 */
const RESOURCES: Record<
  string,
  { kind: string; apiVersion: string; crd?: 'flux' | 'argocd' }
> = {
  '/apis/apps/v1/deployments': { kind: 'Deployment', apiVersion: 'apps/v1' },
  '/apis/apps/v1/daemonsets': { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  '/apis/batch/v1/jobs': { kind: 'Job', apiVersion: 'batch/v1' },
  '/apis/batch/v1/cronjobs': { kind: 'CronJob', apiVersion: 'batch/v1' },
  '/api/v1/pods': { kind: 'Pod', apiVersion: 'v1' },
  '/api/v1/events': { kind: 'Event', apiVersion: 'v1' },
  '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations': {
    kind: 'Kustomization',
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    crd: 'flux',
  },
  '/apis/argoproj.io/v1alpha1/applications': {
    kind: 'Application',
    apiVersion: 'argoproj.io/v1alpha1',
    crd: 'argocd',
  },
};
const PATH_OF_KIND = Object.fromEntries(
  Object.entries(RESOURCES).map(([p, r]) => [r.kind, p]),
);

interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: any;
}

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

let certs: { key: string; cert: string } | undefined;
function selfSignedCert() {
  if (!certs) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-kube-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certs = {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  }
  return certs;
}

function matches(obj: any, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [k, v] = term.split('=');
    return obj.metadata?.labels?.[k] === v;
  });
}

/** Equality field selectors on dotted paths, e.g. type=Warning or involvedObject.kind=Pod. */
function matchesFields(obj: any, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [k, v] = term.split('=');
    return String(k.split('.').reduce((o, part) => o?.[part], obj)) === v;
  });
}

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/** @public */
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
  const { key, cert } = selfSignedCert();
  let rv = 100;
  let oldest = rv;
  let failing: number | undefined;
  const objects = new Map<string, Map<string, any>>(
    Object.keys(RESOURCES).map(p => [p, new Map()]),
  );
  const history = new Map<string, WatchEvent[]>(
    Object.keys(RESOURCES).map(p => [p, []]),
  );
  const watchers = new Set<{
    path: string;
    selector: string | null;
    fields: string | null;
    res: any;
  }>();
  const sockets = new Set<Socket>();
  const requests: string[] = [];

  const send = (
    w: { selector: string | null; fields: string | null; res: any },
    e: WatchEvent,
  ) => {
    if (matches(e.object, w.selector) && matchesFields(e.object, w.fields))
      w.res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
  };
  const record = (p: string, type: WatchEvent['type'], object: any) => {
    const e = { rv, type, object };
    history.get(p)!.push(e);
    for (const w of watchers) if (w.path === p) send(w, e);
  };

  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (code: number, body: unknown) =>
      res
        .writeHead(code, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(body));
    if (stalled) return undefined;
    if (garbage)
      return res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end('<html><body>502 Bad Gateway</body></html>');
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (failing)
      return json(
        failing,
        status(failing, 'InternalError', 'the server is failing on purpose'),
      );
    if (url.pathname === '/version')
      return json(200, {
        major: '1',
        minor: '31',
        gitVersion: opts.version ?? 'v1.31.4+k3s1',
        platform: 'linux/arm64',
      });
    const resource = RESOURCES[url.pathname];
    if (!resource || (resource.crd && !crds.has(resource.crd)))
      return json(
        404,
        status(
          404,
          'NotFound',
          `the server could not find the requested resource ${url.pathname}`,
        ),
      );
    const selector = url.searchParams.get('labelSelector');
    const fields = url.searchParams.get('fieldSelector');
    if (url.searchParams.get('watch') !== 'true') {
      const items = [...objects.get(url.pathname)!.values()].filter(
        o => matches(o, selector) && matchesFields(o, fields),
      );
      return json(200, {
        kind: `${resource.kind}List`,
        apiVersion: resource.apiVersion,
        metadata: { resourceVersion: String(rv) },
        items,
      });
    }
    const from = Number(url.searchParams.get('resourceVersion') || rv);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    // A real API server answers a watch at once; clients wait for the headers before streaming.
    res.flushHeaders();
    if (from < oldest) {
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: status(
            410,
            'Expired',
            `too old resource version: ${from} (${oldest})`,
          ),
        })}\n`,
      );
      return undefined;
    }
    const w = { path: url.pathname, selector, fields, res };
    for (const e of history.get(url.pathname)!) if (e.rv > from) send(w, e);
    if (url.searchParams.get('allowWatchBookmarks') === 'true') {
      res.write(
        `${JSON.stringify({
          type: 'BOOKMARK',
          object: {
            kind: resource.kind,
            apiVersion: resource.apiVersion,
            metadata: { resourceVersion: String(rv) },
          },
        })}\n`,
      );
    }
    watchers.add(w);
    req.on('close', () => watchers.delete(w));
    return undefined;
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
      const p = PATH_OF_KIND[obj.kind];
      const id = `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`;
      const existed = objects.get(p)!.has(id);
      rv++;
      const stored = {
        ...obj,
        metadata: {
          ...obj.metadata,
          namespace: obj.metadata.namespace ?? 'default',
          resourceVersion: String(rv),
          uid: obj.metadata.uid ?? id,
        },
      };
      objects.get(p)!.set(id, stored);
      record(p, existed ? 'MODIFIED' : 'ADDED', stored);
    },
    remove(kind, namespace, name) {
      const p = PATH_OF_KIND[kind];
      const stored = objects.get(p)!.get(`${namespace}/${name}`);
      if (!stored) return;
      objects.get(p)!.delete(`${namespace}/${name}`);
      rv++;
      record(p, 'DELETED', {
        ...stored,
        metadata: { ...stored.metadata, resourceVersion: String(rv) },
      });
    },
    compact() {
      oldest = rv + 1;
      for (const h of history.values()) h.length = 0;
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
      for (const w of watchers) w.res.destroy();
      watchers.clear();
    },
    close: () =>
      new Promise(resolve => {
        for (const w of watchers) w.res.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
