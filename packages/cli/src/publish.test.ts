import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  startGitHttpServer,
  GitHttpServer,
} from '@edge-gitops/plugin-edge-gitops-node/testUtils';
import { main } from './index';
import type { Io } from './io';

const root = path.resolve(__dirname, '../../..');
const nodeGroups = path.join(root, 'examples/node-groups.yaml');
const web = path.join(root, 'examples/applications/web.yaml');
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8' });

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: l => stdout.push(l), err: l => stderr.push(l) };
}

describe('edge-gitops publish and diff', () => {
  let dataDir: string;
  let changed: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-cli-publish-'));
    changed = path.join(dataDir, 'web.yaml');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(web, 'utf8')
        .replace('image: nginx:1.27', 'image: nginx:1.28'),
    );
  });

  const run = async (...argv: string[]) => {
    const io = capture();
    const code = await main(
      [...argv, '--node-groups', nodeGroups, '--data-dir', dataDir],
      io,
    );
    return { code, ...io };
  };

  it('publishes, then reports an unchanged re-publish, with exit 0', async () => {
    const first = await run(
      'publish',
      web,
      '--requested-by',
      'user:default/ada',
    );
    expect(first.code).toBe(0);
    // Lines come as node groups finish, in any order.
    expect([...first.stdout].sort()).toEqual([
      expect.stringMatching(/^gz-01: committed [0-9a-f]{40}$/),
      expect.stringMatching(/^sh-02: committed [0-9a-f]{40}$/),
    ]);
    expect(
      git(
        path.join(dataDir, 'repos/sh-02.git'),
        'log',
        '-1',
        '--format=%B',
        'main',
      ),
    ).toContain('Requested-by: user:default/ada');
    const again = await run('publish', web);
    expect(again.code).toBe(0);
    expect(
      again.stdout.map(l => l.split(' ').slice(0, 2).join(' ')).sort(),
    ).toEqual(['gz-01: unchanged', 'sh-02: unchanged']);
  });

  it('diff prints a markdown summary of exactly what would change', async () => {
    await run('publish', web);
    const head = git(
      path.join(dataDir, 'repos/sh-02.git'),
      'rev-parse',
      'main',
    );
    const diff = await run('diff', changed);
    expect(diff.code).toBe(0);
    const md = diff.stdout.join('\n');
    expect(md).toContain('## edge-gitops: web');
    expect(md).toContain('2 of 2 node groups change.');
    expect(md).toContain(
      '| gz-01 | 2 changed | ~web | web/nginx: nginx:1.27 -> nginx:1.28 |',
    );
    expect(md).toContain(
      '--- a/gz-01/apps/web/web.deployment.yaml\n+++ b/gz-01/apps/web/web.deployment.yaml',
    );
    expect(md).toContain(
      '-          image: nginx:1.27\n+          image: nginx:1.28',
    );
    // diff wrote nothing.
    expect(
      git(path.join(dataDir, 'repos/sh-02.git'), 'rev-parse', 'main'),
    ).toBe(head);
  });

  it('--review pushes a review branch per node group and prints what a reviewer needs', async () => {
    await run('publish', web);
    const review = await run('publish', changed, '--review');
    expect(review.code).toBe(0);
    // Lines come as node groups finish, in any order.
    expect(review.stdout).toContainEqual(
      expect.stringMatching(
        /^sh-02: committed [0-9a-f]{40} \(branch edge-gitops\/web\)$/,
      ),
    );
    expect(review.stdout.join('\n')).toContain('| sh-02 | 2 changed | ~web |');
    const repo = path.join(dataDir, 'repos/sh-02.git');
    expect(git(repo, 'show', 'main:apps/web/web.deployment.yaml')).toContain(
      'nginx:1.27',
    );
    expect(
      git(repo, 'show', 'edge-gitops/web:apps/web/web.deployment.yaml'),
    ).toContain('nginx:1.28');
    expect(git(repo, 'rev-parse', 'edge-gitops/web~1').trim()).toBe(
      git(repo, 'rev-parse', 'main').trim(),
    );
  });

  it('--review again with nothing changed makes no new commit', async () => {
    await run('publish', web);
    await run('publish', changed, '--review');
    const repo = path.join(dataDir, 'repos/sh-02.git');
    const branch = git(repo, 'rev-parse', 'edge-gitops/web').trim();
    const again = await run('publish', changed, '--review');
    expect(again.code).toBe(0);
    expect(again.stdout).toContainEqual(
      `sh-02: unchanged ${branch} (branch edge-gitops/web)`,
    );
    expect(git(repo, 'rev-parse', 'edge-gitops/web').trim()).toBe(branch);
  });

  it("--review --json prints JSON only, the reviewers' summary inside it", async () => {
    await run('publish', web);
    const review = await run('publish', changed, '--review', '--json');
    expect(review.code).toBe(0);
    const body = JSON.parse(review.stdout.join('\n'));
    expect(body).toMatchObject({ application: 'web', ok: true });
    expect(body.outcomes.map((o: any) => o.branch)).toEqual([
      'edge-gitops/web',
      'edge-gitops/web',
    ]);
    expect(body.review).toContain('| sh-02 | 2 changed | ~web |');
  });

  it('publishes and diffs several files in one call', async () => {
    const pi = path.join(root, 'examples/applications/pi.yaml');
    const both = await run('publish', web, pi, '--json');
    expect(both.code).toBe(0);
    const results = JSON.parse(both.stdout.join('\n'));
    expect(results.map((r: any) => r.application)).toEqual(['web', 'pi']);
    const diff = await run('diff', changed, pi);
    expect(diff.code).toBe(0);
    const markdown = diff.stdout.join('\n');
    expect(markdown).toContain('| sh-02 | 2 changed | ~web |');
    expect(markdown).toMatch(/pi/);
  });

  it('diff --json gives a pipeline the change and whether every node group can take it', async () => {
    await run('publish', web);
    const diff = await run('diff', changed, '--json');
    expect(diff.code).toBe(0);
    const body = JSON.parse(diff.stdout.join('\n'));
    expect(body).toMatchObject({ application: 'web', changed: true, ok: true });
    const sh02 = body.nodeGroups.find((d: any) => d.nodeGroup === 'sh-02');
    expect(sh02.files.map((f: any) => f.path)).toContain(
      'apps/web/web.deployment.yaml',
    );
    const unchanged = JSON.parse(
      (await run('diff', web, '--json')).stdout.join('\n'),
    );
    expect(unchanged.changed).toBe(false);
  });

  it('--review shows reviewers the warnings of the application (privileged, host network)', async () => {
    const camera = path.join(root, 'examples/applications/camera.yaml');
    const review = await run('publish', camera, '--review');
    expect(review.code).toBe(0);
    const markdown = review.stdout.join('\n');
    expect(markdown).toContain('### For reviewers');
    expect(markdown).toMatch(/- `spec\.services\[0\]\.hostNetwork`: /);
  });

  it('refuses invalid input and unmatched targets with exit 1, writing nothing', async () => {
    const bad = path.join(
      root,
      'plugins/edge-gitops-common/src/__fixtures__/bad/replicas-on-daemonset.yaml',
    );
    const invalid = await run('publish', bad);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout[0]).toMatch(
      /spec\.services\[0\]\.replicas: is for Deployments only/,
    );
    const nowhere = path.join(dataDir, 'nowhere.yaml');
    fs.writeFileSync(
      nowhere,
      fs
        .readFileSync(web, 'utf8')
        .replace('nodeGroups: [gz-01, sh-02]', 'nodeGroups: [mars-01]'),
    );
    const unmatched = await run('publish', nowhere);
    expect(unmatched.code).toBe(1);
    expect(unmatched.stdout[0]).toContain('no node group named mars-01');
    expect(fs.existsSync(path.join(dataDir, 'repos'))).toBe(false);
  });
});

describe('edge-gitops publish with credentials from the environment', () => {
  const saved = { ...process.env };
  let server: GitHttpServer;
  let dataDir: string;
  let groups: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-cli-auth-'));
    server = await startGitHttpServer({
      root: dataDir,
      username: 'ci',
      password: 'the-right-token',
    });
    for (const name of ['sh-01', 'sh-02', 'south'])
      server.createBareRepository(`${name}.git`);
    // The sample node groups, moved to the git server.
    groups = path.join(dataDir, 'node-groups.yaml');
    fs.writeFileSync(
      groups,
      fs
        .readFileSync(nodeGroups, 'utf8')
        .replace(
          /repo-url: repos\/(.+)\.git/g,
          `repo-url: ${server.url}/$1.git`,
        ),
    );
  });
  afterEach(async () => {
    process.env = { ...saved };
    await server.close();
  });

  const run = async () => {
    const io = capture();
    const code = await main(
      ['publish', web, '--node-groups', groups, '--data-dir', dataDir],
      io,
    );
    return { code, ...io };
  };

  it('reads the credentials, the data folder and the settings from the app-config files of --config', async () => {
    const host = new URL(server.url).host;
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-cli-config-'));
    const appConfig = path.join(configDir, 'app-config.yaml');
    // As the portal's app-config says it; the token comes from the environment.
    fs.writeFileSync(
      appConfig,
      [
        'edgeGitops:',
        `  dataDir: ${path.join(configDir, 'data')}`,
        '  git:',
        `    insecureHosts: ['${host}']`,
        '    hosts:',
        `      - host: '${host}'`,
        '        username: ci',
        '        password: ${EDGE_TEST_GIT_TOKEN}',
        '',
      ].join('\n'),
    );
    process.env.EDGE_TEST_GIT_TOKEN = 'the-right-token';
    const io = capture();
    const code = await main(
      [
        'publish',
        web,
        '--node-groups',
        groups,
        '--config',
        appConfig,
        '--json',
      ],
      io,
    );
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const result = JSON.parse(io.stdout.join('\n'));
    expect(
      result.outcomes.map((o: any) => [o.nodeGroup, o.status]).sort(),
    ).toEqual([
      ['gz-01', 'committed'],
      ['sh-02', 'committed'],
    ]);
    // The publish cache went where app-config says; the token is nowhere in it or the output.
    expect(fs.existsSync(path.join(configDir, 'data', 'cache'))).toBe(true);
    expect(io.stdout.join('\n')).not.toContain('the-right-token');
    for (const dir of fs.readdirSync(path.join(configDir, 'data', 'cache')))
      expect(
        fs.readFileSync(
          path.join(configDir, 'data', 'cache', dir, 'config'),
          'utf8',
        ),
      ).not.toContain('the-right-token');
  });

  it('--review --config opens a pull request per repository on the host of integrations:, and updates it the next time', async () => {
    const host = new URL(server.url).host;
    // The host's REST API for pull requests (GitHub's shape), in memory.
    const pulls: any[] = [];
    const api = http.createServer(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const url = new URL(req.url!, 'http://x');
      const m = /^\/repos\/edge\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(
        url.pathname,
      );
      res.setHeader('content-type', 'application/json');
      if (!m || req.headers.authorization !== 'Bearer the-right-token')
        return res.writeHead(404).end('{}');
      if (req.method === 'GET')
        return res.end(
          JSON.stringify(
            pulls.filter(
              p =>
                p.repo === m[1] &&
                p.head === url.searchParams.get('head')?.split(':')[1],
            ),
          ),
        );
      const body = JSON.parse(raw);
      if (req.method === 'POST') {
        pulls.push({
          ...body,
          repo: m[1],
          number: pulls.length + 1,
          html_url: `https://git.example/${m[1]}/pull/${pulls.length + 1}`,
        });
        return res.writeHead(201).end(JSON.stringify(pulls[pulls.length - 1]));
      }
      Object.assign(pulls[Number(m[2]) - 1], body);
      return res.end(JSON.stringify(pulls[Number(m[2]) - 1]));
    });
    await new Promise<void>(r => api.listen(0, '127.0.0.1', r));
    const apiUrl = `http://127.0.0.1:${(api.address() as any).port}`;
    // On a git host, repositories live under an owner.
    for (const name of ['sh-01', 'sh-02', 'south'])
      server.createBareRepository(`edge/${name}.git`);
    const ownedGroups = path.join(dataDir, 'owned-node-groups.yaml');
    fs.writeFileSync(
      ownedGroups,
      fs
        .readFileSync(nodeGroups, 'utf8')
        .replace(
          /repo-url: repos\/(.+)\.git/g,
          `repo-url: ${server.url}/edge/$1.git`,
        ),
    );
    try {
      const appConfig = path.join(dataDir, 'app-config.yaml');
      fs.writeFileSync(
        appConfig,
        [
          'integrations:',
          '  github:',
          `    - host: '${host}'`,
          `      apiBaseUrl: ${apiUrl}`,
          'edgeGitops:',
          `  dataDir: ${path.join(dataDir, 'data')}`,
          '  git:',
          `    insecureHosts: ['${host}']`,
          '    hosts:',
          `      - { host: '${host}', username: ci, password: the-right-token }`,
          '',
        ].join('\n'),
      );
      const review = async () => {
        const io = capture();
        const code = await main(
          [
            'publish',
            web,
            '--review',
            '--node-groups',
            ownedGroups,
            '--config',
            appConfig,
            '--json',
          ],
          io,
        );
        return { code, json: JSON.parse(io.stdout.join('\n')) };
      };
      const first = await review();
      expect(first.code).toBe(0);
      expect(
        first.json.pullRequests.map((p: any) => [
          p.nodeGroups,
          p.action,
          p.url,
        ]),
      ).toEqual([
        [
          ['gz-01'],
          'opened',
          'https://git.example/south.git/pull/1'.replace('.git', ''),
        ],
        [['sh-02'], 'opened', 'https://git.example/sh-02/pull/2'],
      ]);
      expect(pulls[0]).toMatchObject({ head: 'edge-gitops/web', base: 'main' });
      expect(pulls[0].body).toContain('gz-01');
      const second = await review();
      expect(second.json.pullRequests.map((p: any) => p.action)).toEqual([
        'updated',
        'updated',
      ]);
      expect(pulls).toHaveLength(2);
      expect(JSON.stringify(second.json)).not.toContain('the-right-token');
    } finally {
      await new Promise(r => api.close(r));
    }
  });

  it('names a --config file that does not exist, with exit 2', async () => {
    const io = capture();
    const code = await main(
      [
        'publish',
        web,
        '--node-groups',
        groups,
        '--config',
        '/nowhere/app-config.yaml',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr.join('\n')).toContain(
      '--config /nowhere/app-config.yaml: no such file',
    );
  });

  it('refuses a password without the hosts it may be sent to, with exit 2', async () => {
    process.env.EDGE_GITOPS_GIT_PASSWORD = 'the-right-token';
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stderr.join('\n')).toContain(
      'EDGE_GITOPS_GIT_PASSWORD is set but EDGE_GITOPS_GIT_HOSTS is not',
    );
  });

  it('does not send it over plain http unless the host is listed as insecure', async () => {
    const host = new URL(server.url).host;
    Object.assign(process.env, {
      EDGE_GITOPS_GIT_USERNAME: 'ci',
      EDGE_GITOPS_GIT_PASSWORD: 'the-right-token',
      EDGE_GITOPS_GIT_HOSTS: host,
    });
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stdout[0]).toContain(
      `refusing to send the credentials for ${host} over plain http`,
    );
    expect(server.requests).toEqual([]);

    process.env.EDGE_GITOPS_GIT_INSECURE_HOSTS = host;
    const sent = await run();
    expect(sent.code).toBe(0);
    expect(sent.stdout).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sh-02: committed [0-9a-f]{40}$/),
        expect.stringMatching(/^gz-01: committed [0-9a-f]{40}$/),
      ]),
    );
  });

  it('says which credentials a host refused, without pointing at app-config', async () => {
    const host = new URL(server.url).host;
    Object.assign(process.env, {
      EDGE_GITOPS_GIT_PASSWORD: 'a-wrong-token',
      EDGE_GITOPS_GIT_HOSTS: host,
      EDGE_GITOPS_GIT_INSECURE_HOSTS: host,
    });
    const result = await run();
    const out = result.stdout.join('\n');
    expect(out).toContain(
      'the git host refused the credentials from EDGE_GITOPS_GIT_USERNAME and EDGE_GITOPS_GIT_PASSWORD (HTTP 401)',
    );
    expect(out).not.toContain('app-config');
    expect(out).not.toContain('a-wrong-token');
  });
});
