import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplates from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { parse } from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { ensureApplicationCatalogFolder } from '@edge-gitops/plugin-edge-gitops-node';
import scaffolderModule from '.';

const root = path.resolve(__dirname, '../../..');
/** The short forms: one service of one kind, the form data the EdgeApplication in parts. */
const SHORT_FORMS = ['edge-daemonset', 'edge-job', 'edge-cronjob'];

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8' });

/** The edge-deployment form as it submits: the EdgeApplication in parts. */
const values = {
  name: 'kiosk',
  description: 'Store kiosk',
  services: [
    {
      name: 'kiosk',
      kind: 'Deployment',
      replicas: 2,
      containers: [
        {
          name: 'kiosk',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'kiosk' }],
        },
      ],
    },
  ],
  targets: {
    nodeGroups: ['resource:default/sh-02'],
    selector: { matchLabels: { region: 'south' } },
    nodeSelector: { kiosk: 'true' },
  },
  owner: 'group:default/platform',
};

async function waitForEntity(server: any, ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  for (let i = 0; i < 300; i++) {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status === 200) return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`${ref} did not appear in the catalog`);
}

async function start(permissions: any = mockServices.permissions.factory()) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-scaffolder-'));
  // What the edge-gitops backend plugin does on start.
  ensureApplicationCatalogFolder(dataDir);
  // The real catalog reads the sample node groups and the template from the repository.
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplates,
      scaffolderPlugin,
      scaffolderModule,
      mockServices.rootConfig.factory({
        data: {
          edgeGitops: { dataDir },
          catalog: {
            rules: [
              { allow: ['Component', 'Resource', 'Template', 'Location'] },
            ],
            locations: [
              {
                type: 'file',
                target: path.join(root, 'examples/node-groups.yaml'),
              },
              ...SHORT_FORMS.concat(
                'edge-application',
                'edge-deployment',
                'edge-yaml',
                'edge-update',
                'edge-remove',
              ).map(name => ({
                type: 'file',
                target: path.join(root, `templates/${name}/template.yaml`),
              })),
              { type: 'file', target: path.join(dataDir, 'catalog/*.yaml') },
            ],
          },
        },
      }),
      permissions,
    ],
  });
  await waitForEntity(server, 'template:default/edge-deployment');
  await waitForEntity(server, 'resource:default/sz-01');
  // The location of registered applications, which edge-gitops:register refreshes.
  const target = path.join(dataDir, 'catalog/*.yaml');
  for (let i = 0; ; i++) {
    const locations = await request(server)
      .get('/api/catalog/entities?filter=kind=location')
      .set('Authorization', mockCredentials.user.header());
    if (locations.body.some((l: any) => l.spec.target === target)) break;
    if (i > 300) throw new Error(`no location for ${target}`);
    await new Promise(r => setTimeout(r, 100));
  }
  return { server, dataDir };
}

async function runTask(
  server: any,
  extra: Record<string, unknown> = {},
  templateRef = 'template:default/edge-deployment',
  base: Record<string, unknown> = values,
) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({
      templateRef,
      values: { ...base, ...extra },
    });
  expect(created.status).toBe(201);
  for (let i = 0; i < 200; i++) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', mockCredentials.user.header());
      const log = events.body.map((e: any) => e.body.message).join('\n');
      const output = events.body.find((e: any) => e.type === 'completion')?.body
        .output;
      return { task: task.body, log, output };
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('task did not finish');
}

jest.setTimeout(60_000);

/** The scaffolder's dry run of a template from the repository: its log, one line per step message. */
async function dryRun(
  server: any,
  name: string,
  formData: Record<string, unknown>,
): Promise<{ log: string; output: any }> {
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template: parse(
        fs.readFileSync(
          path.join(root, `templates/${name}/template.yaml`),
          'utf8',
        ),
      ),
      values: formData,
      secrets: {},
      directoryContents: [],
    });
  expect(res.status).toBe(200);
  return {
    log: res.body.log.map((l: any) => l.body.message).join('\n'),
    output: res.body.output,
  };
}

describe('the edge-deployment template in a real scaffolder backend', () => {
  it('dry-runs: the form values become a valid application, rendered for every matched node group', async () => {
    const { server } = await start();
    const { log, output } = await dryRun(server, 'edge-deployment', values);
    expect(log).toContain(
      'gz-01: unchanged (dry run: would write 3 files to apps/kiosk/)',
    );
    expect(log).toContain(
      'sh-02: unchanged (dry run: would write 3 files to apps/kiosk/)',
    );
    expect(log).toContain('sz-01: unchanged');
    expect(log).not.toContain('sh-01:');
    expect(output.text[0].content).toContain('| sh-02 | unchanged |');
  });

  it('runs a task that commits into the local repositories and names who asked', async () => {
    const { server, dataDir } = await start();
    const { task, log } = await runTask(server);
    if (task.status !== 'completed') throw new Error(log);
    expect(task.status).toBe('completed');
    expect(log).toMatch(/sh-02: committed [0-9a-f]{8}/);
    const sh02 = path.join(dataDir, 'repos/sh-02.git');
    const deployment = parse(
      git(sh02, 'show', 'main:apps/kiosk/kiosk.deployment.yaml'),
    );
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.nodeSelector).toEqual({
      kiosk: 'true',
    });
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'kiosk' },
    ]);
    expect(git(sh02, 'log', '-1', '--format=%B', 'main')).toContain(
      `Requested-by: ${mockCredentials.user().principal.userEntityRef}`,
    );
    // gz-01 and sz-01 share a repository, each in its own folder.
    const south = path.join(dataDir, 'repos/south.git');
    expect(
      git(south, 'ls-tree', '-r', '--name-only', 'main').split('\n'),
    ).toEqual(
      expect.arrayContaining([
        'gz-01/apps/kiosk/kiosk.deployment.yaml',
        'sz-01/apps/kiosk/kiosk.deployment.yaml',
        'gz-01/kustomization.yaml',
      ]),
    );
    expect(fs.existsSync(path.join(dataDir, 'repos/sh-01.git'))).toBe(false);
    // The registration step registered the Component with the application annotation.
    expect(
      fs.readFileSync(path.join(dataDir, 'catalog/kiosk.yaml'), 'utf8'),
    ).toContain('edge-gitops.io/application: kiosk');
    const component = await waitForEntity(server, 'component:default/kiosk');
    expect(component.metadata.annotations['edge-gitops.io/application']).toBe(
      'kiosk',
    );
    expect(component.spec.owner).toBe('group:default/platform');
  });

  it('in review mode pushes a review branch per node group and outputs the change for reviewers', async () => {
    const { server, dataDir } = await start();
    const { task, output } = await runTask(server, { review: true });
    expect(task.status).toBe('completed');
    const sh02 = path.join(dataDir, 'repos/sh-02.git');
    expect(
      git(sh02, 'show', 'edge-gitops/kiosk:apps/kiosk/kiosk.deployment.yaml'),
    ).toContain('image: nginx:1.27');
    expect(() =>
      git(sh02, 'rev-parse', '--verify', '--quiet', 'refs/heads/main'),
    ).toThrow();
    // Not deployed, so not registered either.
    expect(fs.existsSync(path.join(dataDir, 'catalog/kiosk.yaml'))).toBe(false);
    const review = output.text.find((t: any) => t.title === 'Review').content;
    expect(review).toContain('## edge-gitops: kiosk');
    expect(review).toContain(
      '| sh-02 | 5 added | +kiosk | kiosk/kiosk: nginx:1.27 |',
    );
  });

  it('refuses the node groups a denying policy keeps from the user, and commits to the others', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: any[]) =>
        requests.map(r => ({
          result:
            r.permission.name === 'edge-gitops.node-group.deploy' &&
            r.resourceRef === 'resource:default/sh-02'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any).factory;
    const { server, dataDir } = await start(permissions);
    const { task, log } = await runTask(server);
    expect(task.status).toBe('failed');
    expect(log).toContain(
      'sh-02: failed (you are not allowed to deploy to node group sh-02 (permission edge-gitops.node-group.deploy))',
    );
    expect(log).toMatch(/gz-01: committed/);
    expect(
      fs.existsSync(path.join(dataDir, 'repos/sh-02.git/refs/heads/main')),
    ).toBe(false);
  });
});

describe('the short-form templates in a real scaffolder backend', () => {
  /** Form data as each template's form submits it: the EdgeApplication's own parts. */
  const forms: Record<string, Record<string, unknown>> = {
    'edge-daemonset': {
      name: 'log-agent',
      description: 'Ships node logs',
      services: [
        {
          name: 'agent',
          kind: 'DaemonSet',
          hostNetwork: true,
          containers: [
            {
              name: 'main',
              image: 'fluent/fluent-bit:3.1',
              securityContext: { privileged: true },
              ports: [{ containerPort: 2020, hostPort: 2020, protocol: 'TCP' }],
            },
          ],
        },
      ],
      targets: {
        nodeGroups: ['resource:default/sh-02'],
        nodeSelector: { logs: 'true' },
      },
      owner: 'group:default/platform',
    },
    'edge-job': {
      name: 'calibrate',
      services: [
        {
          name: 'calibrate',
          kind: 'Job',
          job: { completions: 3, parallelism: 2, backoffLimit: 1 },
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'true'],
            },
          ],
        },
      ],
      targets: { selector: { matchLabels: { region: 'south' } } },
      owner: 'group:default/platform',
    },
    'edge-cronjob': {
      name: 'nightly-sync',
      services: [
        {
          name: 'sync',
          kind: 'CronJob',
          cronJob: {
            schedule: '0 3 * * *',
            timeZone: 'Asia/Shanghai',
            concurrencyPolicy: 'Forbid',
          },
          containers: [{ name: 'main', image: 'busybox:1.36' }],
        },
      ],
      targets: { nodeGroups: ['resource:default/sh-02'] },
      owner: 'group:default/platform',
    },
  };

  /** The node groups each form targets: by name (sh-02), or region=south (gz-01, sz-01). */
  const targeted: Record<string, string[]> = {
    'edge-daemonset': ['sh-02'],
    'edge-job': ['gz-01', 'sz-01'],
    'edge-cronjob': ['sh-02'],
  };

  it('each is a valid Template whose dry run renders the files of its kind per node group', async () => {
    const { server } = await start();
    for (const name of SHORT_FORMS) {
      await waitForEntity(server, `template:default/${name}`);
      const { log } = await dryRun(server, name, forms[name]);
      const app = String(forms[name].name);
      for (const group of targeted[name])
        expect(log).toContain(
          `${group}: unchanged (dry run: would write 3 files to apps/${app}/)`,
        );
    }
  });

  it('take every part of the EdgeApplication, also those their form does not ask for: namespace, labels, image pull secrets, overrides', async () => {
    const { server, dataDir } = await start();
    // sh-02 has its own repository; gz-01 and sz-01 share "south", each in its folder.
    const show = (group: string, file: string) =>
      parse(
        git(
          path.join(
            dataDir,
            `repos/${group === 'sh-02' ? 'sh-02' : 'south'}.git`,
          ),
          'show',
          `main:${group === 'sh-02' ? '' : `${group}/`}${file}`,
        ),
      );
    const podOf = (o: any) =>
      (o.kind === 'CronJob' ? o.spec.jobTemplate.spec : o.spec).template.spec;
    const templates: [string, Record<string, any>, string[]][] = [
      ['edge-deployment', values, ['sh-02', 'gz-01', 'sz-01']],
      ...SHORT_FORMS.map(
        t =>
          [t, forms[t], targeted[t]] as [string, Record<string, any>, string[]],
      ),
    ];
    for (const [template, form, groups] of templates) {
      const name = `${form.name}-parts`;
      const { name: service, kind } = form.services[0];
      const image = form.services[0].containers[0].image;
      const { task, log } = await runTask(
        server,
        {
          name,
          namespace: 'edge',
          labels: { team: 'edge' },
          imagePullSecrets: ['registry'],
          overrides: [
            {
              nodeGroups: [groups[0]],
              services: { [service]: { image: 'busybox:1.37' } },
            },
          ],
        },
        `template:default/${template}`,
        form,
      );
      if (task.status !== 'completed') throw new Error(`${template}: ${log}`);
      const file = `apps/${name}/${service}.${kind.toLowerCase()}.yaml`;
      for (const group of groups) {
        const workload = show(group, file);
        expect(workload.metadata.namespace).toBe('edge');
        expect(podOf(workload).imagePullSecrets).toEqual([
          { name: 'registry' },
        ]);
        expect(podOf(workload).containers[0].image).toBe(
          group === groups[0] ? 'busybox:1.37' : image,
        );
      }
      expect(
        show(groups[0], `apps/${name}/application.yaml`).metadata.labels,
      ).toEqual({ team: 'edge' });
    }
  });

  it('runs each to commits holding the workload of its kind with the fields of that kind', async () => {
    const { server, dataDir } = await start();
    const show = (repo: string, file: string) =>
      parse(
        git(path.join(dataDir, `repos/${repo}.git`), 'show', `main:${file}`),
      );
    for (const name of SHORT_FORMS) {
      const { task, log } = await runTask(
        server,
        {},
        `template:default/${name}`,
        forms[name],
      );
      if (task.status !== 'completed') throw new Error(`${name}: ${log}`);
    }
    const agent = show('sh-02', 'apps/log-agent/agent.daemonset.yaml');
    expect(agent.kind).toBe('DaemonSet');
    expect(agent.spec.template.spec.hostNetwork).toBe(true);
    expect(agent.spec.template.spec.nodeSelector).toEqual({ logs: 'true' });
    expect(
      agent.spec.template.spec.containers[0].securityContext.privileged,
    ).toBe(true);
    expect(agent.spec.template.spec.containers[0].ports[0].hostPort).toBe(2020);
    const job = show('south', 'gz-01/apps/calibrate/calibrate.job.yaml');
    expect(job.spec).toMatchObject({
      completions: 3,
      parallelism: 2,
      backoffLimit: 1,
    });
    const cron = show('sh-02', 'apps/nightly-sync/sync.cronjob.yaml');
    expect(cron.spec).toMatchObject({
      schedule: '0 3 * * *',
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: 'Forbid',
    });
    // Registered like every created application.
    for (const app of ['log-agent', 'calibrate', 'nightly-sync'])
      await waitForEntity(server, `component:default/${app}`);
  });
});

describe('the edge-application template in a real scaffolder backend', () => {
  /** The first manual's flow: a DaemonSet with host access next to a Deployment. */
  const form = {
    name: 'edge-demo',
    description: 'Collector and API on the east node groups',
    namespace: 'edge',
    imagePullSecrets: ['registry'],
    owner: 'group:default/platform',
    hostAccess: true,
    services: [
      {
        name: 'collector',
        kind: 'DaemonSet',
        hostNetwork: true,
        volumes: [
          { name: 'logs', hostPath: { path: '/var/log' } },
          { name: 'spool', emptyDir: {} },
        ],
        // What the dialog's "Add init container" makes: it prepares the spool first.
        initContainers: [
          {
            name: 'setup',
            image: 'busybox:1.36',
            command: ['mkdir', '-p', '/spool/out'],
            volumeMounts: [{ name: 'spool', mountPath: '/spool' }],
          },
        ],
        containers: [
          {
            name: 'main',
            image: 'edge/collector:2.1',
            securityContext: { privileged: true },
            ports: [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }],
            env: [
              {
                name: 'NODE_IP',
                valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } },
              },
              { name: 'EMPTY', value: '' },
            ],
            volumeMounts: [
              { name: 'logs', mountPath: '/host/logs' },
              { name: 'spool', mountPath: '/spool' },
            ],
          },
        ],
      },
      {
        name: 'api',
        kind: 'Deployment',
        replicas: 2,
        containers: [{ name: 'main', image: 'nginx:1.27' }],
      },
    ],
    // Two levels: node groups by label, then nodes inside each cluster.
    targets: {
      selector: { matchLabels: { region: 'east' } },
      nodeSelector: { demo: '02' },
    },
    // Parts the form does not ask for, passed by a link or the API.
    labels: { team: 'edge' },
    overrides: [{ nodeGroups: ['sh-01'], services: { api: { replicas: 3 } } }],
    review: { application: 'edge-demo', changedNodeGroups: 2, warnings: 3 },
  };
  it('is a valid Template whose dry run renders both services per node group', async () => {
    const { server } = await start();
    await waitForEntity(server, 'template:default/edge-application');
    const { log } = await dryRun(server, 'edge-application', form);
    for (const group of ['sh-01', 'sh-02'])
      expect(log).toContain(
        `${group}: unchanged (dry run: would write 4 files to apps/edge-demo/)`,
      );
    expect(log).not.toContain('gz-01');
  });

  it('publishes the DaemonSet with host port, hostPath, an emptyDir, an init container and privileged, and refuses host access the template does not give', async () => {
    const { server, dataDir } = await start();
    const { task, log } = await runTask(
      server,
      {},
      'template:default/edge-application',
      form,
    );
    if (task.status !== 'completed') throw new Error(log);
    const show = (file: string) =>
      parse(git(path.join(dataDir, 'repos/sh-02.git'), 'show', `main:${file}`));
    const collector = show('apps/edge-demo/collector.daemonset.yaml');
    expect(collector.metadata.namespace).toBe('edge');
    const pod = collector.spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true,
      nodeSelector: { demo: '02' },
      imagePullSecrets: [{ name: 'registry' }],
      volumes: [
        { name: 'logs', hostPath: { path: '/var/log' } },
        { name: 'spool', emptyDir: {} },
      ],
      initContainers: [
        {
          name: 'setup',
          image: 'busybox:1.36',
          command: ['mkdir', '-p', '/spool/out'],
          volumeMounts: [{ name: 'spool', mountPath: '/spool' }],
        },
      ],
    });
    expect(pod.containers[0]).toMatchObject({
      securityContext: { privileged: true },
      ports: [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }],
      env: [
        {
          name: 'NODE_IP',
          valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } },
        },
        // An empty value is what an unfilled field leaves: the variable stays, set empty.
        { name: 'EMPTY' },
      ],
    });
    expect(show('apps/edge-demo/api.deployment.yaml').spec.replicas).toBe(2);
    expect(
      parse(
        git(
          path.join(dataDir, 'repos/sh-01.git'),
          'show',
          'main:apps/edge-demo/api.deployment.yaml',
        ),
      ).spec.replicas,
    ).toBe(3);
    expect(show('apps/edge-demo/application.yaml').metadata.labels).toEqual({
      team: 'edge',
    });
    await waitForEntity(server, 'component:default/edge-demo');

    // Without the Host access page's yes, the same services are refused at their fields.
    const refused = await runTask(
      server,
      { name: 'edge-demo-2', hostAccess: false },
      'template:default/edge-application',
      form,
    );
    expect(refused.task.status).toBe('failed');
    expect(refused.log).toContain(
      'spec.services[0].hostNetwork: the host network needs host access, which this template does not allow you',
    );
    expect(
      git(
        path.join(dataDir, 'repos/sh-02.git'),
        'ls-tree',
        '--name-only',
        'main:apps',
      ),
    ).not.toContain('edge-demo-2');
  });
});

describe('the edge-yaml template in a real scaffolder backend', () => {
  const pasted = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: gateway-settings',
    'data:',
    '  MODE: edge',
    '  EMPTY: ""',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: gateway',
    'spec:',
    '  selector: { matchLabels: { app: gateway } }',
    '  template:',
    '    metadata: { labels: { app: gateway } }',
    '    spec:',
    '      containers:',
    '        - name: gateway',
    '          image: "nginx:1.27"',
    '          envFrom: [{ configMapRef: { name: gateway-settings } }]',
    '',
  ].join('\n');
  const form = {
    name: 'pasted-gateway',
    manifests: pasted,
    targets: { nodeGroups: ['resource:default/sh-02'] },
    owner: 'group:default/platform',
  };

  it('dry-runs the pasted YAML, then publishes it as it was written', async () => {
    const { server, dataDir } = await start();
    await waitForEntity(server, 'template:default/edge-yaml');
    expect((await dryRun(server, 'edge-yaml', form)).log).toContain(
      'sh-02: unchanged (dry run: would write 4 files to apps/pasted-gateway/)',
    );

    const { task, log } = await runTask(
      server,
      {},
      'template:default/edge-yaml',
      form,
    );
    if (task.status !== 'completed') throw new Error(log);
    const repo = path.join(dataDir, 'repos/sh-02.git');
    const config = parse(
      git(
        repo,
        'show',
        'main:apps/pasted-gateway/manifests/configmap.gateway-settings.yaml',
      ),
    );
    // Kept as pasted: an empty value a form would drop is still there.
    expect(config.data).toEqual({ MODE: 'edge', EMPTY: '' });
    const deployment = parse(
      git(
        repo,
        'show',
        'main:apps/pasted-gateway/manifests/deployment.gateway.yaml',
      ),
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'nginx:1.27',
    );
    await waitForEntity(server, 'component:default/pasted-gateway');
  });

  it('refuses a Secret with data and YAML that does not parse, naming the field, and writes nothing', async () => {
    const { server, dataDir } = await start();
    const secret = await runTask(server, {}, 'template:default/edge-yaml', {
      ...form,
      name: 'leaky',
      manifests:
        'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\nstringData: { password: hunter2 }\n',
    });
    expect(secret.task.status).toBe('failed');
    expect(secret.log).toContain('spec.manifests[0]');
    expect(secret.log).toContain(
      'a Secret with data or stringData would put secret values in git',
    );
    expect(secret.log).not.toContain('hunter2');

    const broken = await runTask(server, {}, 'template:default/edge-yaml', {
      ...form,
      name: 'broken',
      manifests: 'apiVersion: v1\nkind: ConfigMap\n---\nkey: [unclosed\n',
    });
    expect(broken.task.status).toBe('failed');
    expect(broken.log).toMatch(
      /spec\.manifests: document 2, line \d+, column \d+: YAML does not parse/,
    );
    const repo = path.join(dataDir, 'repos/sh-02.git');
    const files = fs.existsSync(repo)
      ? git(repo, 'ls-tree', '-r', '--name-only', 'main').split('\n')
      : [];
    expect(files.filter(f => f.startsWith('apps/'))).toEqual([]);
  });
});

/** An application of one Job on the south node groups, made with the edge-job template. */
async function createJob(server: any, name: string) {
  const created = await runTask(server, {}, 'template:default/edge-job', {
    name,
    services: [
      {
        name: 'once',
        kind: 'Job',
        containers: [{ name: 'main', image: 'busybox:1.36' }],
      },
    ],
    targets: { selector: { matchLabels: { region: 'south' } } },
    owner: 'group:default/platform',
  });
  if (created.task.status !== 'completed') throw new Error(created.log);
}

describe('the edge-remove template in a real scaffolder backend', () => {
  it('takes an application off every node group and out of the catalog', async () => {
    const { server, dataDir } = await start();
    await waitForEntity(server, 'template:default/edge-remove');
    await createJob(server, 'short-lived');
    await waitForEntity(server, 'component:default/short-lived');
    const files = () =>
      git(
        path.join(dataDir, 'repos/south.git'),
        'ls-tree',
        '-r',
        '--name-only',
        'main',
      )
        .split('\n')
        .filter(f => f.includes('short-lived'));
    expect(files()).not.toEqual([]);
    // The dry run names the node groups that would lose it and writes nothing.
    const { log: plan } = await dryRun(server, 'edge-remove', {
      name: 'short-lived',
      confirm: true,
    });
    for (const group of ['gz-01', 'sz-01'])
      expect(plan).toContain(
        `${group}: unchanged (dry run: would remove apps/short-lived/)`,
      );
    expect(plan).not.toContain('sh-01:');
    expect(files()).not.toEqual([]);

    const removed = await runTask(server, {}, 'template:default/edge-remove', {
      name: 'short-lived',
      confirm: true,
    });
    if (removed.task.status !== 'completed') throw new Error(removed.log);
    expect(files()).toEqual([]);
    expect(removed.log).toContain(
      'removed component:default/short-lived from the catalog',
    );
    expect(fs.existsSync(path.join(dataDir, 'catalog/short-lived.yaml'))).toBe(
      false,
    );
    const gone = await request(server)
      .get('/api/catalog/entities/by-name/component/default/short-lived')
      .set('Authorization', mockCredentials.user.header());
    expect(gone.status).toBe(404);
  });
});

describe('the edge-update template in a real scaffolder backend', () => {
  it('publishes the edited YAML of an existing application, and refuses one that does not exist', async () => {
    const { server, dataDir } = await start();
    await waitForEntity(server, 'template:default/edge-update');
    await createJob(server, 'nightly');
    const south = path.join(dataDir, 'repos/south.git');
    const held = git(south, 'show', 'main:gz-01/apps/nightly/application.yaml');
    const before = git(south, 'rev-parse', 'main').trim();
    const { log: plan } = await dryRun(server, 'edge-update', {
      name: 'nightly',
      application: held.replace('busybox:1.36', 'busybox:1.37'),
    });
    expect(plan).toContain(
      'gz-01: unchanged (dry run: would write 3 files to apps/nightly/)',
    );
    expect(git(south, 'rev-parse', 'main').trim()).toBe(before);

    // What the form's field loads and the person edits: git's application.yaml.
    const updated = await runTask(server, {}, 'template:default/edge-update', {
      name: 'nightly',
      application: held.replace('busybox:1.36', 'busybox:1.37'),
    });
    if (updated.task.status !== 'completed') throw new Error(updated.log);
    // gz-01 and sz-01 share the repository: each folder's job changes, and the diff from
    // before is the image line and the application.yaml line, per node group, nothing else.
    for (const group of ['gz-01', 'sz-01'])
      expect(
        git(south, 'show', `main:${group}/apps/nightly/once.job.yaml`),
      ).toContain('busybox:1.37');
    const diff = git(south, 'diff', '--numstat', before, 'main');
    expect(diff.trim().split('\n').sort()).toEqual([
      '1\t1\tgz-01/apps/nightly/application.yaml',
      '1\t1\tgz-01/apps/nightly/once.job.yaml',
      '1\t1\tsz-01/apps/nightly/application.yaml',
      '1\t1\tsz-01/apps/nightly/once.job.yaml',
    ]);
    const afterUpdate = git(south, 'rev-parse', 'main').trim();

    const missing = await runTask(server, {}, 'template:default/edge-update', {
      name: 'nobody',
      application: held.replace(/name: nightly/g, 'name: nobody'),
    });
    expect(missing.task.status).toBe('failed');
    expect(missing.log).toContain(
      'metadata.name: no application named nobody to update',
    );
    expect(git(south, 'rev-parse', 'main').trim()).toBe(afterUpdate);
  });
});
