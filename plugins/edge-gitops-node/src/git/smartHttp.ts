import { GitHttpClient } from './gitHttp';

/**
 * The two requests of git's smart HTTP protocol (v1) that publishing needs, spoken directly:
 * the ref advertisement (`info/refs`) and a push (`git-receive-pack`) of a pack we built.
 * isomorphic-git's push reads back and re-packs every object through web streams; we
 * already hold the few objects a publish makes, so sending them ourselves costs a fraction.
 */

export type GitService = 'git-upload-pack' | 'git-receive-pack';

/** What a server advertises: its refs and the capabilities of the service. */
export interface RefAdvertisement {
  refs: Map<string, string>;
  capabilities: Set<string>;
}

/** A git host answered with an HTTP error: `data` is shaped like isomorphic-git's HttpError. */
export class GitHttpStatusError extends Error {
  readonly code = 'HttpError';
  readonly data: { statusCode: number; statusMessage: string };
  constructor(statusCode: number, statusMessage: string) {
    super(`HTTP ${statusCode} ${statusMessage}`.trim());
    this.name = 'GitHttpStatusError';
    this.data = { statusCode, statusMessage };
  }
}

/** The server refused to update the ref (report-status "ng"), e.g. not a fast-forward. */
export class GitRefRejectedError extends Error {
  readonly code = 'PushRejectedError';
}

export const ZERO_OID = '0000000000000000000000000000000000000000';

/** A pkt-line: four hex digits of length (including themselves), then the payload. */
export function pktLine(payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8');
  return Buffer.concat([
    Buffer.from((data.length + 4).toString(16).padStart(4, '0'), 'latin1'),
    data,
  ]);
}

const FLUSH = Buffer.from('0000', 'latin1');

/** Splits pkt-lines; a flush packet is null. Throws on a length that runs past the end. */
export function parsePktLines(buffer: Buffer): Array<Buffer | null> {
  const lines: Array<Buffer | null> = [];
  let at = 0;
  while (at + 4 <= buffer.length) {
    const length = parseInt(buffer.toString('latin1', at, at + 4), 16);
    if (Number.isNaN(length))
      throw new Error('the git host answered something that is not git');
    if (length < 4) {
      lines.push(null); // flush (0000) or delimiter
      at += 4;
      continue;
    }
    if (at + length > buffer.length)
      throw new Error('the git host answered with a cut pkt-line');
    lines.push(buffer.subarray(at + 4, at + length));
    at += length;
  }
  return lines;
}

async function readBody(
  body: AsyncIterable<Uint8Array> | undefined,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (body) for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The URL without credentials (they travel in the Authorization header) or a trailing slash. */
function baseUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/+$/, '');
}

async function* once(data: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield data;
}

const USER_AGENT = 'git/edge-gitops';

/** Parses a v1 ref advertisement: "<oid> <ref>\0<capabilities>" first, "<oid> <ref>" after. */
export function parseRefAdvertisement(
  body: Buffer,
  service: GitService,
): RefAdvertisement {
  const lines = parsePktLines(body).map(l => l?.toString('utf8') ?? null);
  // Smart HTTP starts with "# service=..." and a flush; a dumb server sends a plain file.
  if (lines[0] !== `# service=${service}\n`)
    throw new Error(
      `the git host does not speak git's smart HTTP protocol for ${service}`,
    );
  const refs = new Map<string, string>();
  let capabilities = new Set<string>();
  let first = true;
  for (const line of lines.slice(1)) {
    if (line === null) continue;
    const [text, caps] = line.replace(/\n$/, '').split('\0');
    if (first && caps !== undefined)
      capabilities = new Set(caps.split(' ').filter(Boolean));
    first = false;
    const space = text.indexOf(' ');
    const oid = text.slice(0, space);
    const ref = text.slice(space + 1);
    if (!/^[0-9a-f]{40}$/.test(oid))
      throw new Error('the git host advertised a malformed ref');
    // An empty repository advertises "capabilities^{}" with the zero id: no ref at all.
    if (oid !== ZERO_OID && !ref.endsWith('^{}')) refs.set(ref, oid);
  }
  return { refs, capabilities };
}

/** GET info/refs?service=…: the server's refs, one request. */
export async function advertisedRefs(
  http: GitHttpClient,
  url: string,
  service: GitService,
  headers: Record<string, string>,
): Promise<RefAdvertisement> {
  const res = await http.request({
    url: `${baseUrl(url)}/info/refs?service=${service}`,
    method: 'GET',
    headers: { ...headers, 'user-agent': USER_AGENT },
  });
  const body = await readBody(res.body);
  if (res.statusCode !== 200)
    throw new GitHttpStatusError(res.statusCode, res.statusMessage);
  return parseRefAdvertisement(body, service);
}

export interface ReceivePackRequest {
  url: string;
  ref: string;
  /** The commit the server's ref holds now (ZERO_OID: none). */
  oldOid: string;
  newOid: string;
  /** A pack holding every object the server lacks (see packObjects). */
  pack: Buffer;
  headers: Record<string, string>;
}

/**
 * POST git-receive-pack: one ref update and its pack. Resolves when the server reports the
 * ref updated; throws GitRefRejectedError when it refused the update, Error otherwise.
 */
export async function receivePack(
  http: GitHttpClient,
  req: ReceivePackRequest,
): Promise<void> {
  const command = `${req.oldOid} ${req.newOid} ${req.ref}\0report-status agent=${USER_AGENT}\n`;
  const res = await http.request({
    url: `${baseUrl(req.url)}/git-receive-pack`,
    method: 'POST',
    headers: {
      ...req.headers,
      'user-agent': USER_AGENT,
      'content-type': 'application/x-git-receive-pack-request',
      accept: 'application/x-git-receive-pack-result',
    },
    body: once(Buffer.concat([pktLine(command), FLUSH, req.pack])),
  });
  const body = await readBody(res.body);
  if (res.statusCode !== 200)
    throw new GitHttpStatusError(res.statusCode, res.statusMessage);
  const report = parsePktLines(body)
    .filter((l): l is Buffer => l !== null)
    .map(l => l.toString('utf8').replace(/\n$/, ''));
  const unpack = report.find(l => l.startsWith('unpack '));
  if (unpack !== 'unpack ok')
    throw new Error(
      `the git host could not store the pack: ${
        unpack?.slice('unpack '.length) ?? 'no report'
      }`,
    );
  const status = report.find(
    l => l === `ok ${req.ref}` || l.startsWith(`ng ${req.ref} `),
  );
  if (status === `ok ${req.ref}`) return;
  if (status)
    throw new GitRefRejectedError(status.slice(`ng ${req.ref} `.length));
  throw new Error(`the git host did not report on ${req.ref}`);
}
