import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  EdgeApplication,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import { EdgePublisher } from './EdgePublisher';
import { kustomizeBuild } from '../simulator/kustomizeBuild';
import { startGitHttpServer, GitHttpServer } from '../testing/gitHttpServer';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8' });
const show = (dir: string, file: string) => git(dir, 'show', `main:${file}`);
const count = (dir: string) =>
  Number(git(dir, 'rev-list', '--count', 'main').trim());
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-publish-'));

function group(
  name: string,
  url: string,
  labels: Record<string, string> = {},
  repoPath = '',
): NodeGroup {
  return { name, labels, git: { url, branch: 'main', path: repoPath } };
}

function app(
  name: string,
  targets: string[],
  image = 'nginx:1.27',
  extra: Partial<EdgeApplication['spec']> = {},
): EdgeApplication {
  return {
    apiVersion: 'edge-gitops.io/v1alpha1',
    kind: 'EdgeApplication',
    metadata: { name },
    spec: {
      targets: { nodeGroups: targets },
      services: [
        {
          name,
          replicas: 2,
          containers: [{ name, image, ports: [{ containerPort: 80 }] }],
          expose: { ports: [{ port: 80 }] },
        },
      ],
      ...extra,
    },
  };
}

const author = { name: 'Ada', email: 'ada@example.com' };

describe('publishing to local bare repositories', () => {
  let dataDir: string;
  let publisher: EdgePublisher;
  let groups: NodeGroup[];
  let repo: (name: string) => string;

  beforeEach(() => {
    dataDir = tmp();
    publisher = new EdgePublisher(
      { dataDir, defaultAuthor: author },
      async () => undefined,
    );
    repo = name => path.join(dataDir, 'repos', `${name}.git`);
    for (const name of ['a', 'b', 'shared']) {
      fs.mkdirSync(repo(name), { recursive: true });
      execFileSync('git', [
        'init',
        '--bare',
        '--quiet',
        '--initial-branch=main',
        repo(name),
      ]);
    }
    groups = [
      group('a', 'repos/a.git'),
      group('b', 'repos/b.git'),
      group('c1', 'repos/shared.git', {}, 'c1'),
      group('c2', 'repos/shared.git', {}, 'c2'),
    ];
  });

  it('commits once per node group, with a message naming the application, the change and who asked', async () => {
    const result = await publisher.publish(app('web', ['a', 'b']), {
      nodeGroups: groups,
      requestedBy: 'user:default/ada',
    });
    expect(result.ok).toBe(true);
    expect(result.outcomes.map(o => [o.nodeGroup, o.status])).toEqual([
      ['a', 'committed'],
      ['b', 'committed'],
    ]);
    expect(result.outcomes[0].sha).toBe(
      git(repo('a'), 'rev-parse', 'main').trim(),
    );
    expect(
      git(repo('a'), 'ls-tree', '-r', '--name-only', 'main').trim().split('\n'),
    ).toEqual([
      'README.md',
      'apps/web/application.yaml',
      'apps/web/kustomization.yaml',
      'apps/web/web.deployment.yaml',
      'apps/web/web.service.yaml',
      'kustomization.yaml',
    ]);
    expect(show(repo('a'), 'kustomization.yaml')).toContain('- apps/web');
    const message = git(
      repo('a'),
      'log',
      '-1',
      '--format=%an <%ae>%n%B',
      'main',
    );
    expect(message).toContain('Ada <ada@example.com>');
    expect(message).toContain('edge-gitops: publish web to a');
    expect(message).toContain('Services added: web');
    expect(message).toContain('web/web: nginx:1.27');
    expect(message).toContain('Requested-by: user:default/ada');
  });

  it('makes no commit when nothing changed, and the smallest diff when something did', async () => {
    await publisher.publish(app('web', ['a']), { nodeGroups: groups });
    const before = count(repo('a'));
    const again = await publisher.publish(app('web', ['a']), {
      nodeGroups: groups,
    });
    expect(again.outcomes).toEqual([
      expect.objectContaining({ nodeGroup: 'a', status: 'unchanged' }),
    ]);
    expect(count(repo('a'))).toBe(before);

    const changed = await publisher.publish(app('web', ['a'], 'nginx:1.28'), {
      nodeGroups: groups,
    });
    expect(changed.outcomes[0].status).toBe('committed');
    expect(
      git(repo('a'), 'diff', '--name-only', 'main~1', 'main')
        .trim()
        .split('\n'),
    ).toEqual(['apps/web/application.yaml', 'apps/web/web.deployment.yaml']);
    const diff = git(
      repo('a'),
      'diff',
      '--unified=0',
      'main~1',
      'main',
      '--',
      'apps/web/web.deployment.yaml',
    );
    expect(diff.split('\n').filter(l => /^[-+] /.test(l))).toEqual([
      '-          image: nginx:1.27',
      '+          image: nginx:1.28',
    ]);
    expect(git(repo('a'), 'log', '-1', '--format=%B', 'main')).toContain(
      'web/web: nginx:1.27 -> nginx:1.28',
    );
  });

  it('removes the application from node groups it no longer targets, and everywhere on unpublish', async () => {
    await publisher.publish(app('web', ['a', 'b']), { nodeGroups: groups });
    await publisher.publish(app('api', ['a']), { nodeGroups: groups });
    const retargeted = await publisher.publish(app('web', ['b']), {
      nodeGroups: groups,
    });
    expect(retargeted.outcomes.map(o => [o.nodeGroup, o.status])).toEqual([
      ['a', 'removed'],
      ['b', 'committed'],
    ]);
    // b keeps the workloads; only the published document records the new targets.
    expect(git(repo('b'), 'diff', '--name-only', 'main~1', 'main').trim()).toBe(
      'apps/web/application.yaml',
    );
    expect(git(repo('a'), 'ls-tree', '--name-only', 'main:apps').trim()).toBe(
      'api',
    );
    expect(show(repo('a'), 'kustomization.yaml')).not.toContain('apps/web');
    expect(git(repo('a'), 'log', '-1', '--format=%s', 'main').trim()).toBe(
      'edge-gitops: remove web from a',
    );

    const removed = await publisher.unpublish('web', { nodeGroups: groups });
    expect(removed.outcomes.map(o => [o.nodeGroup, o.status])).toEqual([
      ['b', 'removed'],
    ]);
    expect(show(repo('b'), 'kustomization.yaml')).toContain('resources: []');
    expect(() => show(repo('b'), 'apps/web/application.yaml')).toThrow();
  });

  it('places the reporter in each node group folder it writes while edgeGitops.reporters is enabled, and takes it away after', async () => {
    const withReporters = new EdgePublisher(
      {
        dataDir,
        defaultAuthor: author,
        reporters: {
          backendUrl: 'https://backstage.example.com',
          image: 'registry.example.com/edge-gitops:1.0',
        },
      },
      async () => undefined,
    );
    await withReporters.publish(app('web', ['c1']), { nodeGroups: groups });
    const files = () =>
      git(repo('shared'), 'ls-tree', '-r', '--name-only', 'main')
        .trim()
        .split('\n');
    expect(files().filter(f => f.includes('system/'))).toEqual([
      'c1/system/edge-gitops-reporter/clusterrole.edge-gitops-reporter.yaml',
      'c1/system/edge-gitops-reporter/clusterrolebinding.edge-gitops-reporter.yaml',
      'c1/system/edge-gitops-reporter/deployment.edge-gitops-reporter.yaml',
      'c1/system/edge-gitops-reporter/kustomization.yaml',
      'c1/system/edge-gitops-reporter/namespace.edge-gitops-system.yaml',
      'c1/system/edge-gitops-reporter/serviceaccount.edge-gitops-reporter.yaml',
    ]);
    // What the node group's GitOps agent builds: the application and the reporter.
    const folder = new Map(
      files()
        .filter(f => f.startsWith('c1/'))
        .map(f => [f.slice('c1/'.length), show(repo('shared'), f)]),
    );
    const objects = kustomizeBuild(folder);
    const reporter = objects.find(
      o =>
        o.kind === 'Deployment' && o.metadata.name === 'edge-gitops-reporter',
    ) as any;
    expect(reporter.spec.template.spec.containers[0]).toMatchObject({
      image: 'registry.example.com/edge-gitops:1.0',
      args: expect.arrayContaining([
        '--backend',
        'https://backstage.example.com',
        '--node-group',
        'c1',
      ]),
    });
    expect(objects.map(o => o.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'Service', 'ClusterRole']),
    );
    // The token is never in git: the Deployment reads it from a Secret made by hand.
    expect(
      show(
        repo('shared'),
        'c1/system/edge-gitops-reporter/deployment.edge-gitops-reporter.yaml',
      ),
    ).toContain('secretName: edge-gitops-reporter-token');

    // Disabled again: the next publish to that folder removes it.
    await publisher.publish(app('web', ['c1'], 'nginx:1.28'), {
      nodeGroups: groups,
    });
    expect(files().filter(f => f.includes('system/'))).toEqual([]);
    expect(show(repo('shared'), 'c1/kustomization.yaml')).not.toContain(
      'system',
    );
  });

  it('keeps node groups that share a repository in their own folders, one commit each', async () => {
    const result = await publisher.publish(app('web', ['c1', 'c2']), {
      nodeGroups: groups,
    });
    expect(result.outcomes.map(o => o.status)).toEqual([
      'committed',
      'committed',
    ]);
    expect(count(repo('shared'))).toBe(2);
    expect(show(repo('shared'), 'c1/apps/web/web.deployment.yaml')).toContain(
      'edge-gitops.io/node-group: c1',
    );
    expect(show(repo('shared'), 'c2/apps/web/web.deployment.yaml')).toContain(
      'edge-gitops.io/node-group: c2',
    );
  });

  it('publishes ten applications concurrently into one repository without losing any', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `app-${i}`);
    const results = await Promise.all(
      names.map(n => publisher.publish(app(n, ['a']), { nodeGroups: groups })),
    );
    expect(
      results.every(r => r.ok && r.outcomes[0].status === 'committed'),
    ).toBe(true);
    expect(
      git(repo('a'), 'ls-tree', '--name-only', 'main:apps').trim().split('\n'),
    ).toEqual([...names].sort());
    const kustomization = show(repo('a'), 'kustomization.yaml');
    for (const n of names) expect(kustomization).toContain(`- apps/${n}`);
    expect(count(repo('a'))).toBe(10);
    expect(() =>
      execFileSync('git', ['--git-dir', repo('a'), 'fsck', '--strict'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('refuses a service name or host port already used there, naming the other application', async () => {
    await publisher.publish(app('web', ['a']), { nodeGroups: groups });
    const clash = app('other', ['a', 'b']);
    clash.spec.services![0].name = 'web';
    const result = await publisher.publish(clash, { nodeGroups: groups });
    expect(result.ok).toBe(false);
    expect(result.outcomes.find(o => o.nodeGroup === 'a')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(
        'already deployed to node group a by application web',
      ),
    });
    expect(result.outcomes.find(o => o.nodeGroup === 'b')?.status).toBe(
      'committed',
    );
    expect(git(repo('a'), 'ls-tree', '--name-only', 'main:apps').trim()).toBe(
      'web',
    );
  });

  it('refuses targets that match nothing before touching any repository', async () => {
    await expect(
      publisher.publish(app('web', ['nope']), { nodeGroups: groups }),
    ).rejects.toThrow('spec.targets.nodeGroups: no node group named nope');
    expect(() => git(repo('a'), 'rev-parse', 'main')).toThrow();
  });

  it('leaves node groups the requester may not deploy to untouched, and says so', async () => {
    const result = await publisher.publish(app('web', ['a', 'b']), {
      nodeGroups: groups,
      denied: new Set(['b']),
    });
    expect(result.outcomes).toEqual([
      expect.objectContaining({ nodeGroup: 'a', status: 'committed' }),
      {
        nodeGroup: 'b',
        status: 'failed',
        reason:
          'you are not allowed to deploy to node group b (permission edge-gitops.node-group.deploy)',
      },
    ]);
    expect(() => git(repo('b'), 'rev-parse', 'main')).toThrow();
  });
});

describe('publishing over git smart HTTP', () => {
  const password = 's3cret-token-value';
  let server: GitHttpServer;
  let dataDir: string;
  let groups: NodeGroup[];

  beforeEach(async () => {
    dataDir = tmp();
    server = await startGitHttpServer({
      root: tmp(),
      username: 'edge',
      password,
    });
    for (const name of ['x', 'y', 'z'])
      server.createBareRepository(`${name}.git`);
    groups = ['x', 'y', 'z'].map(n => group(n, `${server.url}/${n}.git`));
  });
  afterEach(() => server.close());

  const publisherWith = (pw: string) =>
    new EdgePublisher({ dataDir, defaultAuthor: author }, async () => ({
      username: 'edge',
      password: pw,
    }));

  it('pushes one commit per node group and keeps credentials out of .git/config', async () => {
    const result = await publisherWith(password).publish(
      app('web', ['x', 'y', 'z']),
      { nodeGroups: groups },
    );
    expect(result.outcomes.map(o => o.status)).toEqual([
      'committed',
      'committed',
      'committed',
    ]);
    for (const o of result.outcomes) {
      const bare = path.join(server.root, `${o.nodeGroup}.git`);
      expect(git(bare, 'rev-parse', 'main').trim()).toBe(o.sha);
      expect(show(bare, 'apps/web/web.deployment.yaml')).toContain(
        `edge-gitops.io/node-group: ${o.nodeGroup}`,
      );
    }
    const cache = path.join(dataDir, 'cache');
    for (const dir of fs.readdirSync(cache)) {
      expect(
        fs.readFileSync(path.join(cache, dir, 'config'), 'utf8'),
      ).not.toContain(password);
    }
    // A second publish reuses the cache and changes nothing.
    const again = await publisherWith(password).publish(
      app('web', ['x', 'y', 'z']),
      { nodeGroups: groups },
    );
    expect(again.outcomes.map(o => o.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(
      server.requests.filter(
        r => r.path.endsWith('git-receive-pack') && r.method === 'POST',
      ),
    ).toHaveLength(3);
  });

  it('lists a refusing server as failed and commits to the others', async () => {
    server.refuse.add('y.git');
    const result = await publisherWith(password).publish(
      app('web', ['x', 'y', 'z']),
      { nodeGroups: groups },
    );
    expect(result.ok).toBe(false);
    expect(result.outcomes.map(o => [o.nodeGroup, o.status])).toEqual([
      ['x', 'committed'],
      ['y', 'failed'],
      ['z', 'committed'],
    ]);
    expect(result.outcomes[1].reason).toMatch(/HTTP 500/);
  });

  it('says the credentials were refused, without showing them', async () => {
    const result = await publisherWith('wrong-password-value').publish(
      app('web', ['x']),
      { nodeGroups: groups },
    );
    expect(result.outcomes[0].status).toBe('failed');
    expect(result.outcomes[0].reason).toMatch(
      /refused the credentials from .+ \(HTTP 401\)/,
    );
    expect(JSON.stringify(result)).not.toContain('wrong-password-value');
    expect(JSON.stringify(result)).not.toContain(password);
  });

  /** What the server was asked about x.git since `from`, as "METHOD path status". */
  const asked = (from: number) =>
    server.requests
      .slice(from)
      .filter(r => r.path.startsWith('/x.git/'))
      .map(r => `${r.method} ${r.path.slice('/x.git'.length)} ${r.status}`);

  /** Another writer changes x's branch with the git command line. */
  const otherWriter = (change: (clone: string) => void) => {
    const bare = path.join(server.root, 'x.git');
    const clone = tmp();
    execFileSync('git', ['clone', '--quiet', bare, clone]);
    change(clone);
    execFileSync('git', [
      '-C',
      clone,
      '-c',
      'user.name=Other',
      '-c',
      'user.email=o@example.com',
      'commit',
      '--quiet',
      '-am',
      'other change',
    ]);
    execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'main']);
  };

  it('asks the server for its refs and nothing more when nothing changed, and pushes a change in one request', async () => {
    const p = publisherWith(password);
    let from = server.requests.length;
    await p.publish(app('web', ['x']), { nodeGroups: groups });
    // A new repository: one push (the ref update and its pack), credentials sent at once.
    expect(asked(from)).toEqual(['POST /git-receive-pack 200']);
    from = server.requests.length;
    const again = await p.publish(app('web', ['x']), { nodeGroups: groups });
    expect(again.outcomes[0].status).toBe('unchanged');
    expect(asked(from)).toEqual(['GET /info/refs 200']);
    from = server.requests.length;
    const changed = await p.publish(app('web', ['x'], 'nginx:1.28'), {
      nodeGroups: groups,
    });
    expect(changed.outcomes[0].status).toBe('committed');
    expect(asked(from)).toEqual(['POST /git-receive-pack 200']);
  });

  it('finds out from the push that the branch moved since its cache, fetches and builds on the new head', async () => {
    const p = publisherWith(password);
    await p.publish(app('web', ['x']), { nodeGroups: groups });
    otherWriter(clone => {
      fs.appendFileSync(
        path.join(clone, 'README.md'),
        '\nsomeone else was here\n',
      );
    });
    const from = server.requests.length;
    const result = await p.publish(app('web', ['x'], 'nginx:1.28'), {
      nodeGroups: groups,
    });
    expect(result.outcomes[0]).toMatchObject({ status: 'committed' });
    const bare = path.join(server.root, 'x.git');
    expect(show(bare, 'README.md')).toContain('someone else was here');
    expect(show(bare, 'apps/web/web.deployment.yaml')).toContain('nginx:1.28');
    // The server refused the update built on the old head; a fetch, then the push that lands.
    expect(asked(from)).toEqual([
      'POST /git-receive-pack 200',
      'GET /info/refs 200',
      'POST /git-upload-pack 200',
      'POST /git-receive-pack 200',
    ]);
    expect(
      execFileSync('git', ['--git-dir', bare, 'rev-list', '--count', 'main'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('3');
  });

  it('puts the application back when someone removed it, though its own cache says nothing changed', async () => {
    const p = publisherWith(password);
    await p.publish(app('web', ['x']), { nodeGroups: groups });
    otherWriter(clone => {
      execFileSync('git', ['-C', clone, 'rm', '--quiet', '-r', 'apps/web']);
    });
    const result = await p.publish(app('web', ['x']), { nodeGroups: groups });
    expect(result.outcomes[0].status).toBe('committed');
    expect(
      show(path.join(server.root, 'x.git'), 'apps/web/web.deployment.yaml'),
    ).toContain('nginx:1.27');
  });

  it('publishes into a repository that has history with an empty cache, keeping what is there', async () => {
    await publisherWith(password).publish(app('web', ['x']), {
      nodeGroups: groups,
    });
    // Another backend (its own data folder) publishes a second application.
    const other = new EdgePublisher(
      { dataDir: tmp(), defaultAuthor: author },
      async () => ({ username: 'edge', password }),
    );
    const result = await other.publish(app('api', ['x']), {
      nodeGroups: groups,
    });
    expect(result.outcomes[0].status).toBe('committed');
    const bare = path.join(server.root, 'x.git');
    expect(show(bare, 'apps/web/web.deployment.yaml')).toContain('nginx');
    expect(show(bare, 'apps/api/api.deployment.yaml')).toContain('nginx');
    expect(show(bare, 'kustomization.yaml')).toMatch(
      /apps\/api[\s\S]*apps\/web/,
    );
  });

  it('fetches, re-applies and retries when someone else pushed first', async () => {
    const p = publisherWith(password);
    await p.publish(app('web', ['x']), { nodeGroups: groups });
    const bare = path.join(server.root, 'x.git');
    // Just before our next push lands, another writer pushes a commit of its own.
    server.beforeNextPush.set('x.git', () => {
      const clone = tmp();
      const asOther = (...args: string[]) =>
        execFileSync('git', [
          '-C',
          clone,
          '-c',
          'user.name=Other',
          '-c',
          'user.email=o@example.com',
          ...args,
        ]);
      execFileSync('git', ['clone', '--quiet', bare, clone]);
      asOther('commit', '--quiet', '--allow-empty', '-m', 'x');
      fs.writeFileSync(path.join(clone, 'NOTES.md'), 'someone else was here\n');
      asOther('add', 'NOTES.md');
      asOther('commit', '--quiet', '-m', 'other change');
      asOther('push', '--quiet', 'origin', 'main');
    });
    const result = await p.publish(app('web', ['x'], 'nginx:1.28'), {
      nodeGroups: groups,
    });
    expect(result.outcomes[0].reason).toBeUndefined();
    expect(result.outcomes[0]).toMatchObject({ status: 'committed' });
    expect(show(bare, 'NOTES.md')).toBe('someone else was here\n');
    expect(show(bare, 'apps/web/web.deployment.yaml')).toContain('nginx:1.28');
    expect(
      git(bare, 'log', '--format=%s', 'main').trim().split('\n').slice(0, 3),
    ).toEqual(['edge-gitops: publish web to x', 'other change', 'x']);
  });
});
