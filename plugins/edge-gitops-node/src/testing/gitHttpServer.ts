import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A real git smart-HTTP server for tests: `git http-backend` (CGI) behind a Node HTTP server
 * with basic auth. Repositories live in `root`; `refuse` makes chosen repositories answer 500.
 *
 * @public
 */
export interface GitHttpServer {
  url: string;
  root: string;
  /** Requests seen, with the Authorization header removed. */
  requests: { method: string; path: string; status: number }[];
  refuse: Set<string>;
  /** Runs once before the next receive-pack of a repository: simulates someone pushing first. */
  beforeNextPush: Map<string, () => void>;
  createBareRepository(name: string, branch?: string): string;
  close(): Promise<void>;
}

const gitExecPath = () =>
  execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();

/** @public */
export async function startGitHttpServer(opts: {
  root: string;
  username: string;
  password: string;
}): Promise<GitHttpServer> {
  const backend = path.join(gitExecPath(), 'git-http-backend');
  const requests: GitHttpServer['requests'] = [];
  const refuse = new Set<string>();
  const beforeNextPush = new Map<string, () => void>();
  const expected = `Basic ${Buffer.from(
    `${opts.username}:${opts.password}`,
  ).toString('base64')}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record = (status: number) =>
      requests.push({ method: req.method ?? '', path: url.pathname, status });
    if (req.headers.authorization !== expected) {
      record(401);
      res
        .writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' })
        .end('authentication required');
      return;
    }
    const repo = url.pathname.split('/').filter(Boolean)[0] ?? '';
    if (refuse.has(repo)) {
      record(500);
      res.writeHead(500).end('repository unavailable');
      return;
    }
    if (
      url.pathname.endsWith('/git-receive-pack') &&
      beforeNextPush.has(repo)
    ) {
      const hook = beforeNextPush.get(repo)!;
      beforeNextPush.delete(repo);
      hook();
    }
    const child = spawn(backend, [], {
      env: {
        GIT_PROJECT_ROOT: opts.root,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: opts.username,
        REQUEST_METHOD: req.method,
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
          : {}),
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.receivepack',
        GIT_CONFIG_VALUE_0: 'true',
        PATH: process.env.PATH,
      },
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status')
          status = Number(value.split(' ')[0]);
        else res.setHeader(name, value);
      }
      record(status);
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    child.stdout.on('end', () => res.end());
    child.on('error', () => res.destroy());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    root: opts.root,
    requests,
    refuse,
    beforeNextPush,
    createBareRepository(name, branch = 'main') {
      const dir = path.join(opts.root, name);
      fs.mkdirSync(dir, { recursive: true });
      execFileSync('git', [
        'init',
        '--bare',
        '--quiet',
        `--initial-branch=${branch}`,
        dir,
      ]);
      return dir;
    },
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}
