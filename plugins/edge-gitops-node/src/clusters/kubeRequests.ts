/** Helpers shared by everything that reads a cluster through @kubernetes/client-node. */
import { KubeConfig, Watch } from '@kubernetes/client-node';

/**
 * A client-node Watch that reopens a quiet watch only after `idleMs` (see
 * CLUSTER_WATCH_TIMINGS). client-node keeps the setting private; ClusterWatcher's tests
 * check that it takes effect, so an upgrade that moves it fails a test rather than load.
 */
export function watchFor(kc: KubeConfig, idleMs: number): Watch {
  const watch = new Watch(kc);
  (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = idleMs;
  return watch;
}

/**
 * The HTTP status of a client-node error, wherever the client put it.
 *
 * @public
 */
export const statusCode = (err: any): number | undefined =>
  err?.code ?? err?.statusCode ?? err?.body?.code;

/**
 * What a person is told of a failed request: short, and never the credentials.
 *
 * @public
 */
export function describeKubeError(err: any): string {
  const code = statusCode(err);
  if (code === 401 || code === 403)
    return `the API server refused the credentials (HTTP ${code})`;
  // client-node's ApiException message carries the whole response (headers, body): say
  // only the status and the API server's own message.
  if (typeof code === 'number' && code >= 400) {
    const message = statusMessage(err?.body);
    return `HTTP ${code}${message ? `: ${message}` : ''}`.slice(0, 300);
  }
  // undici says only "fetch failed" and keeps the network error in its cause.
  const cause = err?.cause;
  if (err?.message === 'fetch failed' && cause)
    return `fetch failed: ${[cause.code, cause.message]
      .filter(Boolean)
      .join(' ')}`.slice(0, 300);
  return String(err?.message ?? err).slice(0, 300);
}

/** The message of a Kubernetes Status object, given as an object or as JSON text. */
function statusMessage(body: unknown): string | undefined {
  let status: any = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return typeof status?.message === 'string' ? status.message : undefined;
}

/**
 * The typed list clients turn timestamps into Date objects, while watch events carry the
 * API's JSON: both become JSON here, so every cached object has one shape.
 *
 * @public
 */
export function plainJson(value: any): any {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value && typeof value === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) out[k] = plainJson(v);
    return out;
  }
  return value;
}

/**
 * Rejects when a request takes longer than `ms`: a stalled API server must not hang us.
 *
 * @public
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${ms / 1000}s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
