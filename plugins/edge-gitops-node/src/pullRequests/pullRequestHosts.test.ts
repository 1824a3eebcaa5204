import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { PullRequestOpener, PullRequestRequest } from './pullRequestHosts';

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A local server answering the pull request calls of the six hosts the way their REST APIs
 * do (paths, fields, ids), keeping the requests in memory.
 */
async function fakeHosts() {
  const seen: Seen[] = [];
  const prs: Record<string, any[]> = {};
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    const url = new URL(req.url!, 'http://x');
    seen.push({
      method: req.method!,
      path: url.pathname,
      headers: req.headers,
      body,
    });
    const json = (status: number, value: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(value));
    const p = url.pathname;
    const q = url.searchParams;
    const list = (key: string) => (prs[key] ??= []);
    let m;
    // GitHub
    m = /^\/gh\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(p);
    if (m) {
      const all = list('gh');
      if (req.method === 'GET')
        return json(
          200,
          all.filter(
            x =>
              `${m![1]}:${x.head}` === q.get('head') &&
              x.base === q.get('base'),
          ),
        );
      if (req.method === 'POST') {
        const pr = {
          number: all.length + 1,
          html_url: `https://github.example/pull/${all.length + 1}`,
          ...body,
        };
        all.push(pr);
        return json(201, pr);
      }
      if (req.method === 'PATCH')
        return json(200, Object.assign(all[Number(m[3]) - 1], body));
    }
    // GitLab
    m = /^\/gl\/api\/v4\/projects\/([^/]+)\/merge_requests(?:\/(\d+))?$/.exec(
      p,
    );
    if (m) {
      const all = list('gl');
      if (decodeURIComponent(m[1]) !== 'edge/sh-01')
        return json(404, { message: '404 Project Not Found' });
      if (req.method === 'GET')
        return json(
          200,
          all.filter(
            x =>
              x.source_branch === q.get('source_branch') &&
              x.target_branch === q.get('target_branch'),
          ),
        );
      if (req.method === 'POST') {
        const mr = {
          iid: all.length + 1,
          web_url: `https://gitlab.example/mr/${all.length + 1}`,
          ...body,
        };
        all.push(mr);
        return json(201, mr);
      }
      if (req.method === 'PUT')
        return json(200, Object.assign(all[Number(m[2]) - 1], body));
    }
    // Gitea
    m = /^\/gt\/api\/v1\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(p);
    if (m) {
      const all = list('gt');
      if (req.method === 'GET') return json(200, all);
      if (req.method === 'POST') {
        const pr = {
          number: all.length + 1,
          html_url: `https://gitea.example/pulls/${all.length + 1}`,
          head: { ref: body.head },
          base: { ref: body.base },
          title: body.title,
          body: body.body,
        };
        all.push(pr);
        return json(201, pr);
      }
      if (req.method === 'PATCH')
        return json(201, Object.assign(all[Number(m[3]) - 1], body));
    }
    // Bitbucket Cloud
    m =
      /^\/bbc\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests(?:\/(\d+))?$/.exec(
        p,
      );
    if (m) {
      const all = list('bbc');
      if (req.method === 'GET') {
        const query = q.get('q') ?? '';
        return json(200, {
          values: all.filter(
            x =>
              query.includes(`source.branch.name="${x.source.branch.name}"`) &&
              query.includes(
                `destination.branch.name="${x.destination.branch.name}"`,
              ),
          ),
        });
      }
      if (req.method === 'POST') {
        const pr = {
          id: all.length + 1,
          links: {
            html: { href: `https://bitbucket.example/pr/${all.length + 1}` },
          },
          ...body,
        };
        all.push(pr);
        return json(201, pr);
      }
      if (req.method === 'PUT')
        return json(200, Object.assign(all[Number(m[3]) - 1], body));
    }
    // Bitbucket Server
    m =
      /^\/bbs\/rest\/api\/1\.0\/projects\/([^/]+)\/repos\/([^/]+)\/pull-requests(?:\/(\d+))?$/.exec(
        p,
      );
    if (m) {
      const all = list('bbs');
      if (req.method === 'GET')
        return json(200, {
          values: all.filter(x => x.fromRef.id === q.get('at')),
        });
      if (req.method === 'POST') {
        const pr = {
          id: all.length + 1,
          version: 0,
          links: {
            self: [
              { href: `https://bitbucket-server.example/pr/${all.length + 1}` },
            ],
          },
          ...body,
        };
        all.push(pr);
        return json(201, pr);
      }
      if (req.method === 'PUT') {
        const pr = all[Number(m[3]) - 1];
        if (body.version !== pr.version)
          return json(409, { errors: [{ message: 'stale version' }] });
        return json(200, Object.assign(pr, body, { version: pr.version + 1 }));
      }
    }
    // Azure DevOps
    m =
      /^\/([^/]+)\/([^/]+)\/_apis\/git\/repositories\/([^/]+)\/pullrequests(?:\/(\d+))?$/.exec(
        p,
      );
    if (m) {
      const all = list('az');
      if (q.get('api-version') !== '7.1')
        return json(400, { message: 'api-version' });
      if (req.method === 'GET')
        return json(200, {
          value: all.filter(
            x =>
              x.sourceRefName === q.get('searchCriteria.sourceRefName') &&
              x.targetRefName === q.get('searchCriteria.targetRefName'),
          ),
        });
      if (req.method === 'POST') {
        const pr = { pullRequestId: all.length + 1, ...body };
        all.push(pr);
        return json(201, pr);
      }
      if (req.method === 'PATCH')
        return json(200, Object.assign(all[Number(m[4]) - 1], body));
    }
    return json(404, { message: `no route ${req.method} ${p}` });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, prs, close: () => new Promise(r => server.close(r)) };
}

describe('PullRequestOpener', () => {
  let hosts: Awaited<ReturnType<typeof fakeHosts>>;
  beforeAll(async () => {
    hosts = await fakeHosts();
  });
  afterAll(() => hosts.close());

  /** The six kinds of host: a repository URL and the integration config it has. */
  const cases = () => [
    {
      kind: 'github',
      repoUrl: 'https://github.example/edge/sh-01.git',
      config: { apiBaseUrl: `${hosts.base}/gh` },
      auth: ['Authorization', 'Bearer the-token'],
    },
    {
      kind: 'gitlab',
      repoUrl: 'https://gitlab.example/edge/sh-01.git',
      config: { apiBaseUrl: `${hosts.base}/gl/api/v4` },
      auth: ['private-token', 'the-token'],
    },
    {
      kind: 'gitea',
      repoUrl: 'https://gitea.example/edge/sh-01.git',
      config: { baseUrl: `${hosts.base}/gt` },
      auth: ['Authorization', 'token the-token'],
    },
    {
      kind: 'bitbucketCloud',
      repoUrl: 'https://bitbucket.org/edge/sh-01.git',
      config: { apiBaseUrl: `${hosts.base}/bbc/2.0` },
      auth: [
        'Authorization',
        `Basic ${Buffer.from('bot:the-token').toString('base64')}`,
      ],
    },
    {
      kind: 'bitbucketServer',
      repoUrl: 'https://bitbucket-server.example/scm/EDGE/sh-01.git',
      config: { apiBaseUrl: `${hosts.base}/bbs/rest/api/1.0` },
      auth: [
        'Authorization',
        `Basic ${Buffer.from('bot:the-token').toString('base64')}`,
      ],
    },
    {
      kind: 'azure',
      repoUrl: `${hosts.base}/acme/edge/_git/sh-01`,
      config: {},
      auth: [
        'Authorization',
        `Basic ${Buffer.from('bot:the-token').toString('base64')}`,
      ],
    },
  ];

  it.each([
    'github',
    'gitlab',
    'gitea',
    'bitbucketCloud',
    'bitbucketServer',
    'azure',
  ])(
    '%s: opens a request for the review branch, then updates the same one',
    async kind => {
      const c = cases().find(x => x.kind === kind)!;
      const registry = {
        byUrl: (url: string) =>
          url === c.repoUrl ? { type: c.kind, config: c.config } : undefined,
      } as unknown as ScmIntegrationRegistry;
      const opener = new PullRequestOpener(registry, async () => ({
        username: kind === 'github' ? 'x-access-token' : 'bot',
        password: 'the-token',
      }));
      expect(opener.supports(c.repoUrl)).toBe(true);
      const req: PullRequestRequest = {
        repoUrl: c.repoUrl,
        branch: 'edge-gitops/web',
        base: 'main',
        title: 'edge-gitops: publish web to sh-01',
        body: '## web\n\n- image nginx:1.27',
      };
      const from = hosts.seen.length;
      const first = await opener.openOrUpdate(req);
      expect(first).toMatchObject({ number: 1, action: 'opened' });
      expect(first.url).toMatch(/^https?:\/\//);
      const second = await opener.openOrUpdate({
        ...req,
        body: '## web\n\n- image nginx:1.28',
      });
      expect(second).toEqual({ ...first, action: 'updated' });
      const calls = hosts.seen.slice(from);
      expect(calls.map(s => s.method)).toEqual([
        'GET',
        'POST',
        'GET',
        expect.stringMatching(/^(PUT|PATCH)$/),
      ]);
      for (const s of calls)
        expect(s.headers[c.auth[0].toLowerCase()]).toBe(c.auth[1]);
      // The update carries the new description, under the host's own field name.
      expect(JSON.stringify(calls[3].body)).toContain('nginx:1.28');
    },
  );

  it('says which host refused and why, without the token', async () => {
    const registry = {
      byUrl: () => ({
        type: 'gitlab',
        config: { apiBaseUrl: `${hosts.base}/gl/api/v4` },
      }),
    } as unknown as ScmIntegrationRegistry;
    const opener = new PullRequestOpener(registry, async () => ({
      username: 'oauth2',
      password: 'the-token',
    }));
    await expect(
      opener.openOrUpdate({
        repoUrl: 'https://gitlab.example/other/repo.git',
        branch: 'b',
        base: 'main',
        title: 't',
        body: 'b',
      }),
    ).rejects.toThrow(
      /^gitlab answered GET \/gl\/api\/v4\/projects\/other%2Frepo\/merge_requests with HTTP 404: .*Project Not Found/,
    );
  });

  it('refuses a host without an integration, naming what to configure', async () => {
    const registry = {
      byUrl: () => undefined,
    } as unknown as ScmIntegrationRegistry;
    const opener = new PullRequestOpener(registry, async () => undefined);
    expect(opener.supports('https://git.example/x.git')).toBe(false);
    await expect(
      opener.openOrUpdate({
        repoUrl: 'https://git.example/x.git',
        branch: 'b',
        base: 'main',
        title: 't',
        body: 'b',
      }),
    ).rejects.toThrow(
      /no integration in app-config for https:\/\/git.example\/x.git/,
    );
  });
});
