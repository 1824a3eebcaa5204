import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';
import { createBranchWorkspace } from './branchWorkspace';
import { GitHttpTimeouts } from './gitHttp';
import { commitTreeChanges } from './treeCommit';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-http-'));

async function listen(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise(r => server.close(r));
    },
  };
}

function publishTo(url: string, timeouts?: Partial<GitHttpTimeouts>) {
  return createBranchWorkspace(
    { url, branch: 'main', path: '' },
    {
      dataDir: tmp(),
      resolveAuth: async () => ({ username: 'u', password: 'test-password' }),
      timeouts,
    },
  ).update(
    gitdir =>
      commitTreeChanges({
        gitdir,
        branch: 'main',
        changes: new Map([['a.txt', 'a']]),
        message: 'a',
        author: { name: 't', email: 't@example.com' },
      }),
    r => r.kind === 'committed',
  );
}

describe('git over HTTP', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map(c => c()));
  });

  it('gives up on a host that trickles a byte every few hundred ms when the node group deadline passes', async () => {
    const trickle = await listen((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/x-git-upload-pack-advertisement',
      });
      const timer = setInterval(() => res.write('1'), 200);
      res.on('close', () => clearInterval(timer));
    });
    closers.push(trickle.close);
    const started = Date.now();
    await expect(
      publishTo(`${trickle.url}/x.git`, {
        idleTimeoutMs: 1_000,
        nodeGroupDeadlineMs: 1_500,
      }),
    ).rejects.toThrow(
      /the node group's deadline of 1.5 s passed while talking to 127.0.0.1/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives up on a host that goes silent', async () => {
    const silent = await listen(() => {
      // accepts the request and never answers
    });
    closers.push(silent.close);
    await expect(
      publishTo(`${silent.url}/x.git`, { idleTimeoutMs: 300 }),
    ).rejects.toThrow(/127.0.0.1:\d+ sent nothing for 300 ms/);
  });

  describe('against a real git server', () => {
    let server: GitHttpServer;
    beforeEach(async () => {
      server = await startGitHttpServer({
        root: tmp(),
        username: 'u',
        password: 'test-password',
      });
      server.createBareRepository('x.git');
      closers.push(() => server.close());
    });

    /** A proxy that holds the first request `ms` before passing it on. */
    async function slowProxy(ms: number) {
      let first = true;
      const target = new URL(server.url);
      const proxy = await listen((req, res) => {
        const wait = first ? ms : 0;
        first = false;
        setTimeout(() => {
          const upstream = http.request(
            {
              host: target.hostname,
              port: target.port,
              path: req.url,
              method: req.method,
              headers: req.headers,
            },
            up => {
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
            },
          );
          req.pipe(upstream);
        }, wait);
      });
      closers.push(proxy.close);
      return proxy.url;
    }

    it('waits for a host that takes more than 4 s to answer', async () => {
      const url = await slowProxy(4_500);
      await expect(publishTo(`${url}/x.git`)).resolves.toMatchObject({
        kind: 'committed',
      });
    });

    it('does not follow a redirect to another host (credentials would go with it)', async () => {
      const redirect = await listen((req, res) => {
        res.writeHead(302, { location: `${server.url}${req.url}` }).end();
      });
      closers.push(redirect.close);
      await expect(publishTo(`${redirect.url}/x.git`)).rejects.toThrow(
        /redirected to http:\/\/127.0.0.1:\d+: git requests follow redirects only within one host/,
      );
    });
  });
});
