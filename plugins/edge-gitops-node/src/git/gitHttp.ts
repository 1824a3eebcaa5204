import http from 'node:http';
import https from 'node:https';
import type {
  GitHttpRequest,
  GitHttpResponse,
  HttpClient,
} from 'isomorphic-git';
import { GIT_TIMINGS } from '../timings';

/**
 * How patient git over HTTP is: per request (connect, silence) and per node group (all the
 * requests of one publish together), so neither a dead host nor a trickling one hangs it.
 *
 * @public
 */
export interface GitHttpTimeouts {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  nodeGroupDeadlineMs: number;
}

/** @public */
export const DEFAULT_GIT_HTTP_TIMEOUTS: GitHttpTimeouts = {
  connectTimeoutMs: GIT_TIMINGS.httpConnectTimeoutMs,
  idleTimeoutMs: GIT_TIMINGS.httpIdleTimeoutMs,
  nodeGroupDeadlineMs: GIT_TIMINGS.nodeGroupDeadlineMs,
};

/**
 * isomorphic-git's HTTP client, telling whether it cut a request for taking too long:
 * isomorphic-git reads a cut answer as a short one ("Empty response"), so callers ask.
 *
 * @public
 */
export interface GitHttpClient extends HttpClient {
  timedOut(): GitTimeoutError | undefined;
}

/**
 * A git host did not answer in time.
 *
 * @public
 */
export class GitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitTimeoutError';
  }
}

const MAX_REDIRECTS = 5;

async function collect(
  body: GitHttpRequest['body'],
): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>)
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * isomorphic-git's HTTP client, with a connect timeout and an idle timeout per request and
 * one deadline shared by every request made through it. Redirects are followed only
 * within the same origin: the Authorization header must not travel to another host.
 *
 * @public
 */
export function createGitHttp(
  timeouts: Partial<GitHttpTimeouts> = {},
): GitHttpClient {
  const t = { ...DEFAULT_GIT_HTTP_TIMEOUTS, ...timeouts };
  const deadline = Date.now() + t.nodeGroupDeadlineMs;
  let timedOut: GitTimeoutError | undefined;

  const once = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ) =>
    new Promise<{
      res: http.IncomingMessage;
      failure: () => Error | undefined;
    }>((resolve, reject) => {
      let failure: Error | undefined;
      const left = deadline - Date.now();
      if (left <= 0) {
        timedOut ??= deadlineError(url, t.nodeGroupDeadlineMs);
        reject(timedOut);
        return;
      }
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, {
        method,
        headers: body
          ? { ...headers, 'content-length': String(body.length) }
          : headers,
      });
      const fail = (e: GitTimeoutError) => {
        failure ??= e;
        timedOut ??= e;
        req.destroy(e);
      };
      const connectTimer = setTimeout(
        () =>
          fail(
            new GitTimeoutError(
              `could not connect to ${url.host} within ${t.connectTimeoutMs} ms`,
            ),
          ),
        t.connectTimeoutMs,
      );
      const deadlineTimer = setTimeout(
        () => fail(deadlineError(url, t.nodeGroupDeadlineMs)),
        left,
      );
      const done = () => {
        clearTimeout(connectTimer);
        clearTimeout(deadlineTimer);
      };
      req.on('socket', socket => {
        if (socket.connecting)
          socket.once('connect', () => clearTimeout(connectTimer));
        else clearTimeout(connectTimer);
      });
      // Silence on the socket, before or during the response: a host that stopped talking.
      req.setTimeout(t.idleTimeoutMs, () =>
        fail(
          new GitTimeoutError(
            `${url.host} sent nothing for ${t.idleTimeoutMs} ms`,
          ),
        ),
      );
      req.on('error', e => {
        done();
        reject(e);
      });
      req.on('response', res => {
        clearTimeout(connectTimer);
        res.on('close', done);
        resolve({ res, failure: () => failure });
      });
      req.end(body);
    });

  return {
    timedOut: () => timedOut,
    async request({
      url,
      method = 'GET',
      headers = {},
      body,
    }: GitHttpRequest): Promise<GitHttpResponse> {
      const payload = await collect(body);
      let target = new URL(url);
      for (let hop = 0; ; hop++) {
        const { res, failure } = await once(target, method, headers, payload);
        const location = res.headers.location;
        const redirect =
          res.statusCode &&
          [301, 302, 303, 307, 308].includes(res.statusCode) &&
          location;
        if (!redirect) {
          return {
            url: target.toString(),
            method,
            statusCode: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers as Record<string, string>,
            body: bodyOf(res, failure, target),
          };
        }
        res.resume();
        const next = new URL(location, target);
        if (next.origin !== target.origin || hop >= MAX_REDIRECTS) {
          throw new Error(
            `${target.host} redirected to ${next.origin}: git requests follow redirects only within one host`,
          );
        }
        target = next;
      }
    },
  };
}

/**
 * The response body, ending in an error when we cut the request (a timeout) or the host
 * closed it half-way: Node ends the stream quietly then, and isomorphic-git would read a
 * short answer as a valid one.
 */
async function* bodyOf(
  res: http.IncomingMessage,
  failure: () => Error | undefined,
  url: URL,
): AsyncIterableIterator<Uint8Array> {
  try {
    for await (const chunk of res) yield chunk;
  } catch (e) {
    throw failure() ?? e;
  }
  const cut = failure();
  if (cut) throw cut;
  if (!res.complete)
    throw new Error(
      `${url.host} closed the connection in the middle of an answer`,
    );
}

function deadlineError(url: URL, ms: number): GitTimeoutError {
  return new GitTimeoutError(
    `the node group's deadline of ${ms / 1000} s passed while talking to ${
      url.host
    }`,
  );
}
