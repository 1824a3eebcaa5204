import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, ObjectStore } from './objectStore';
import { parseApiPath } from './resources';

/** What the served API claims to be, and which collections it serves. */
export interface KubeApiDescription {
  gitVersion: string;
  platform: string;
  /** Whether a collection is served; custom resources whose CRD is absent answer 404. */
  serves(collection: string): boolean;
}

export const kubeStatus = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

const pathValue = (obj: any, dotted: string) =>
  dotted.split('.').reduce((o, part) => o?.[part], obj);

/** Label selectors as the API server reads them: =, ==, !=, `key` and `!key` terms. */
export function matchesLabelSelector(
  obj: KubeObject,
  selector: string | null,
): boolean {
  if (!selector) return true;
  const labels = obj.metadata?.labels ?? {};
  return selector.split(',').every(raw => {
    const term = raw.trim();
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) {
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    }
    const [, key, op, value] = m;
    return op === '!=' ? labels[key] !== value : labels[key] === value;
  });
}

/** Field selectors: equality and inequality on dotted paths (type=Warning, involvedObject.kind=Pod). */
export function matchesFieldSelector(
  obj: KubeObject,
  selector: string | null,
): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const m = /^([^!=]+?)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) return false;
    const [, key, op, value] = m;
    const actual = String(pathValue(obj, key) ?? '');
    return op === '!=' ? actual !== value : actual === value;
  });
}

const json = (res: ServerResponse, code: number, body: unknown) =>
  res
    .writeHead(code, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(body));

/**
 * Answers one Kubernetes API request from a store: /version, get, list with a
 * resourceVersion, and watch streams from a resourceVersion (JSON lines, bookmarks, 410
 * Gone once the history no longer reaches back). Open watch responses are added to
 * `watches` and removed when they close, so their owner can cut them.
 */
export function serveKubeApi(
  store: ObjectStore,
  api: KubeApiDescription,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  watches: Set<ServerResponse>,
): void {
  if (url.pathname === '/version') {
    const [major, minor] =
      /^v(\d+)\.(\d+)/.exec(api.gitVersion)?.slice(1) ?? [];
    json(res, 200, {
      major,
      minor,
      gitVersion: api.gitVersion,
      platform: api.platform,
    });
    return;
  }
  const parsed = parseApiPath(url.pathname);
  if (req.method !== 'GET' || !parsed || !api.serves(parsed.collection)) {
    json(
      res,
      404,
      kubeStatus(
        404,
        'NotFound',
        `the server could not find the requested resource ${url.pathname}`,
      ),
    );
    return;
  }
  const collection = store.collectionAt(parsed.collection);
  const inScope = (o: KubeObject) =>
    parsed.namespace === undefined || o.metadata.namespace === parsed.namespace;
  if (parsed.name) {
    const found = [...(collection?.objects.values() ?? [])].find(
      o => inScope(o) && o.metadata.name === parsed.name,
    );
    if (found) json(res, 200, found);
    else
      json(res, 404, kubeStatus(404, 'NotFound', `"${parsed.name}" not found`));
    return;
  }
  const labels = url.searchParams.get('labelSelector');
  const fields = url.searchParams.get('fieldSelector');
  const wanted = (o: KubeObject) =>
    inScope(o) &&
    matchesLabelSelector(o, labels) &&
    matchesFieldSelector(o, fields);
  const plural = parsed.collection.split('/').pop()!;
  if (url.searchParams.get('watch') !== 'true') {
    // As a real API server lists: items without kind and apiVersion (the list says them).
    const items = [...(collection?.objects.values() ?? [])]
      .filter(wanted)
      .map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => item);
    json(res, 200, {
      kind: `${collection?.type.kind ?? plural}List`,
      apiVersion: collection?.type.apiVersion ?? 'v1',
      metadata: { resourceVersion: String(store.resourceVersion) },
      items,
    });
    return;
  }
  const from = Number(
    url.searchParams.get('resourceVersion') || store.resourceVersion,
  );
  // Streamed: chunked over HTTP/1.1 (Node's default without a length), frames over HTTP/2.
  res.writeHead(200, { 'Content-Type': 'application/json' });
  // A real API server answers a watch at once; clients wait for the headers before streaming.
  res.flushHeaders();
  const past = store.eventsSince(parsed.collection, from);
  if (past === 'expired') {
    res.end(
      `${JSON.stringify({
        type: 'ERROR',
        object: kubeStatus(
          410,
          'Expired',
          `too old resource version: ${from} (${store.resourceVersion})`,
        ),
      })}\n`,
    );
    return;
  }
  const send = (type: string, object: KubeObject) => {
    if (wanted(object)) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  for (const e of past) send(e.type, e.object);
  if (url.searchParams.get('allowWatchBookmarks') === 'true')
    res.write(
      `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: collection?.type.kind,
          apiVersion: collection?.type.apiVersion,
          metadata: { resourceVersion: String(store.resourceVersion) },
        },
      })}\n`,
    );
  const unwatch = store.watch(parsed.collection, send);
  watches.add(res);
  const close = () => {
    unwatch();
    watches.delete(res);
  };
  req.on('close', close);
  res.on('close', close);
}
