import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  EdgeApplication,
  nodeGroupFromEntity,
} from '@edge-gitops/plugin-edge-gitops-common';
import { EdgePublisher } from '../publish/EdgePublisher';
import { GitHttpServer, startGitHttpServer } from '../testing/gitHttpServer';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-pr-'));

/** GitHub's pulls API for one repository, in memory. */
async function fakeGithub() {
  const pulls: any[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, v: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(v));
    if (req.headers.authorization !== 'Bearer gh-token')
      return json(401, { message: 'Bad credentials' });
    const m = /^\/api\/v3\/repos\/edge\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(
      url.pathname,
    );
    if (!m) return json(404, { message: 'Not Found' });
    if (req.method === 'GET')
      return json(
        200,
        pulls.filter(
          p =>
            p.repo === m[1] &&
            `edge:${p.head}` === url.searchParams.get('head'),
        ),
      );
    const body = JSON.parse(raw);
    if (req.method === 'POST') {
      const pr = {
        ...body,
        repo: m[1],
        number: pulls.length + 1,
        html_url: `https://github.example/edge/${m[1]}/pull/${
          pulls.length + 1
        }`,
      };
      pulls.push(pr);
      return json(201, pr);
    }
    return json(200, Object.assign(pulls[Number(m[2]) - 1], body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pulls,
    close: () => new Promise(r => server.close(r)),
  };
}

describe('review mode with pull requests', () => {
  let git: GitHttpServer;
  let github: Awaited<ReturnType<typeof fakeGithub>>;
  beforeEach(async () => {
    // The git host speaks smart HTTP for the repositories; its REST API is the fake.
    git = await startGitHttpServer({
      root: tmp(),
      username: 'x-access-token',
      password: 'gh-token',
    });
    github = await fakeGithub();
  });
  afterEach(async () => {
    await git.close();
    await github.close();
  });

  it('opens one request per repository with the change as its description, and updates it on the next publish', async () => {
    git.createBareRepository('edge/east.git');
    git.createBareRepository('edge/west.git');
    const host = new URL(git.url).host;
    const config = new ConfigReader({
      integrations: {
        github: [
          { host, apiBaseUrl: `${github.url}/api/v3`, token: 'gh-token' },
        ],
      },
      edgeGitops: { dataDir: tmp(), git: { insecureHosts: [host] } },
    });
    const group = (name: string, repo: string, folder: string) =>
      nodeGroupFromEntity({
        kind: 'Resource',
        metadata: {
          name,
          annotations: {
            'edge-gitops.io/repo-url': `${git.url}/edge/${repo}.git`,
            'edge-gitops.io/repo-path': folder,
          },
        },
        spec: { type: 'edge-node-group' },
      });
    // e1 and e2 share the east repository: one request for both.
    const groups = [
      group('e1', 'east', 'e1'),
      group('e2', 'east', 'e2'),
      group('w1', 'west', ''),
    ];
    const app = (image: string): EdgeApplication => ({
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'web' },
      spec: {
        targets: { nodeGroups: ['e1', 'e2', 'w1'] },
        services: [{ name: 'web', containers: [{ name: 'web', image }] }],
      },
    });
    const publisher = EdgePublisher.fromConfig(config);
    const publishForReview = async (image: string) => {
      const result = await publisher.publish(app(image), {
        nodeGroups: groups,
        reviewBranch: 'edge-gitops/web',
      });
      expect(result.ok).toBe(true);
      return publisher.openPullRequests(app(image), result, {
        nodeGroups: groups,
        link: {
          title: 'web in Backstage',
          url: 'https://backstage.example/catalog/default/component/web',
        },
      });
    };

    const opened = await publishForReview('nginx:1.27');
    expect(opened).toEqual([
      {
        repository: `${git.url}/edge/east.git`,
        nodeGroups: ['e1', 'e2'],
        url: 'https://github.example/edge/east/pull/1',
        number: 1,
        action: 'opened',
      },
      {
        repository: `${git.url}/edge/west.git`,
        nodeGroups: ['w1'],
        url: 'https://github.example/edge/west/pull/2',
        number: 2,
        action: 'opened',
      },
    ]);
    const east = github.pulls[0];
    expect(east).toMatchObject({
      head: 'edge-gitops/web',
      base: 'main',
      title: 'edge-gitops: publish web to e1, e2',
    });
    expect(east.body).toContain('nginx:1.27');
    expect(east.body).toContain('e1');
    expect(east.body).toContain('e2');
    expect(east.body).toContain(
      '[web in Backstage](https://backstage.example/catalog/default/component/web)',
    );

    const updated = await publishForReview('nginx:1.28');
    expect(updated.map(p => [p.number, p.action])).toEqual([
      [1, 'updated'],
      [2, 'updated'],
    ]);
    expect(github.pulls).toHaveLength(2);
    expect(github.pulls[0].body).toContain('nginx:1.28');
    expect(JSON.stringify(github.pulls)).not.toContain('gh-token');
  });

  it('says a repository without an integration gets no request, and why', async () => {
    git.createBareRepository('edge/east.git');
    const publisher = new EdgePublisher(
      { dataDir: tmp(), defaultAuthor: { name: 't', email: 't@example.com' } },
      async () => ({ username: 'x-access-token', password: 'gh-token' }),
    );
    const groups = [
      nodeGroupFromEntity({
        kind: 'Resource',
        metadata: {
          name: 'e1',
          annotations: {
            'edge-gitops.io/repo-url': `${git.url}/edge/east.git`,
          },
        },
        spec: { type: 'edge-node-group' },
      }),
    ];
    const app: EdgeApplication = {
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'web' },
      spec: {
        targets: { nodeGroups: ['e1'] },
        services: [
          { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
        ],
      },
    };
    const result = await publisher.publish(app, {
      nodeGroups: groups,
      reviewBranch: 'edge-gitops/web',
    });
    const prs = await publisher.openPullRequests(app, result, {
      nodeGroups: groups,
    });
    expect(prs).toEqual([
      {
        repository: `${git.url}/edge/east.git`,
        nodeGroups: ['e1'],
        skipped: expect.stringContaining(
          'not on a git host with an integration',
        ),
      },
    ]);
  });
});
