import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './index';
import type { Io } from './io';

const root = path.resolve(__dirname, '../../..');
const examples = path.join(root, 'examples/applications');
const nodeGroups = path.join(root, 'examples/node-groups.yaml');
const bad = path.join(root, 'plugins/edge-gitops-common/src/__fixtures__/bad');

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: l => stdout.push(l), err: l => stderr.push(l) };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eg-cli-'));

describe('edge-gitops validate', () => {
  it('exits 0 for valid files and prints warnings only', async () => {
    const io = capture();
    expect(
      await main(
        [
          'validate',
          path.join(examples, 'web.yaml'),
          path.join(examples, 'camera.yaml'),
        ],
        io,
      ),
    ).toBe(0);
    expect(io.stdout.every(l => l.includes(': warning: '))).toBe(true);
    expect(io.stderr).toEqual(['2 EdgeApplications valid']);
  });

  it('exits 1 and prints FILE: path: message for each problem', async () => {
    const io = capture();
    const file = path.join(bad, 'all-problems-at-once.yaml');
    expect(await main(['validate', file], io)).toBe(1);
    expect(io.stdout).toEqual(
      expect.arrayContaining([
        `${file}: metadata.name: "Bad Name" must be a DNS-1123 label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit`,
        expect.stringMatching(
          /^.*: spec\.services\[0\]\.replicas: is for Deployments only/,
        ),
        expect.stringMatching(
          /^.*: spec\.services\[1\]\.name: service name web is already used by spec\.services\[0\]$/,
        ),
      ]),
    );
  });

  it('prints problems as JSON with --json', async () => {
    const io = capture();
    expect(
      await main(
        ['validate', '--json', path.join(bad, 'replicas-on-daemonset.yaml')],
        io,
      ),
    ).toBe(1);
    const problems = JSON.parse(io.stdout.join('\n'));
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'spec.services[0].replicas',
        document: 0,
      }),
    ]);
  });

  it('reports YAML that does not parse with its line', async () => {
    const io = capture();
    expect(
      await main(['validate', path.join(bad, 'yaml-does-not-parse.yaml')], io),
    ).toBe(1);
    expect(io.stdout[0]).toMatch(
      /yaml-does-not-parse\.yaml: line \d+, column \d+: YAML does not parse/,
    );
  });

  it('refuses cluster-scoped objects unless --allow-cluster-scoped, which makes them warnings', async () => {
    const file = path.join(tmp(), 'cluster.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: edge-gitops.io/v1alpha1',
        'kind: EdgeApplication',
        'metadata: {name: ops}',
        'spec:',
        '  targets: {nodeGroups: [sh-01]}',
        '  manifests:',
        '    - {apiVersion: v1, kind: Namespace, metadata: {name: edge-ops}}',
        '',
      ].join('\n'),
    );
    const refused = capture();
    expect(await main(['validate', file], refused)).toBe(1);
    expect(refused.stdout.join('\n')).toContain(
      'spec.manifests[0]: Namespace edge-ops is cluster-scoped',
    );
    const allowed = capture();
    expect(
      await main(['validate', file, '--allow-cluster-scoped'], allowed),
    ).toBe(0);
    expect(allowed.stdout.join('\n')).toMatch(/warning.*reviewers, check it/);
  });

  it('exits 2 on wrong usage', async () => {
    for (const argv of [
      [],
      ['validate'],
      ['frobnicate'],
      ['validate', '/no/such/file.yaml'],
      ['render', 'x.yaml'],
      ['validate', '--nope', 'x'],
      ['publish', '/no/such/app.yaml', '--node-groups', nodeGroups],
      [
        'publish',
        path.join(examples, 'web.yaml'),
        '--node-groups',
        '/no/such/groups.yaml',
      ],
      ['diff', '/no/such/app.yaml', '--node-groups', nodeGroups],
      [
        'diff',
        path.join(examples, 'web.yaml'),
        '--node-groups',
        '/no/such/groups.yaml',
      ],
    ]) {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/usage: edge-gitops/);
    }
  });
});

/** Writes a one-service application with the given targets and container, then renders it. */
async function renderApp(targets: string, container: string) {
  const dir = tmp();
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(
    file,
    `apiVersion: edge-gitops.io/v1alpha1\nkind: EdgeApplication\nmetadata: {name: a}\nspec:\n  targets: ${targets}\n  services: [{name: a, containers: [${container}]}]\n`,
  );
  const io = capture();
  const out = path.join(dir, 'out');
  const code = await main(
    ['render', file, '--node-groups', nodeGroups, '--out', out],
    io,
  );
  return { code, io, file, out };
}

describe('edge-gitops render', () => {
  it('takes several files: every node group folder gets the applications of all of them', async () => {
    const out = tmp();
    const io = capture();
    expect(
      await main(
        [
          'render',
          path.join(examples, 'web.yaml'),
          path.join(examples, 'pi.yaml'),
          '--node-groups',
          nodeGroups,
          '--out',
          out,
        ],
        io,
      ),
    ).toBe(0);
    const kustomization = fs.readFileSync(
      path.join(out, 'sh-02', 'kustomization.yaml'),
      'utf8',
    );
    expect(kustomization).toContain('- apps/web');
    expect(kustomization).toContain('- apps/pi');
  });

  it('writes each targeted node group folder as it would be committed', async () => {
    const out = tmp();
    const io = capture();
    expect(
      await main(
        [
          'render',
          path.join(examples, 'web.yaml'),
          '--node-groups',
          nodeGroups,
          '--out',
          out,
        ],
        io,
      ),
    ).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['gz-01', 'sh-02']);
    expect(
      fs.readdirSync(path.join(out, 'gz-01', 'apps', 'web')).sort(),
    ).toEqual([
      'application.yaml',
      'kustomization.yaml',
      'web.deployment.yaml',
      'web.service.yaml',
    ]);
    expect(
      fs.readFileSync(path.join(out, 'gz-01', 'kustomization.yaml'), 'utf8'),
    ).toContain('- apps/web');
  });

  it('replaces only folders it wrote: files of someone else under --out stay, and nothing is written', async () => {
    const out = tmp();
    const render = (io = capture()) =>
      main(
        [
          'render',
          path.join(examples, 'web.yaml'),
          '--node-groups',
          nodeGroups,
          '--out',
          out,
        ],
        io,
      );
    expect(await render()).toBe(0);
    // Again over its own output: replaced.
    expect(await render()).toBe(0);
    // A folder named like a node group that holds someone's files.
    fs.rmSync(path.join(out, 'sh-02'), { recursive: true });
    fs.mkdirSync(path.join(out, 'sh-02'));
    fs.writeFileSync(path.join(out, 'sh-02', 'notes.txt'), 'mine');
    fs.rmSync(path.join(out, 'gz-01'), { recursive: true });
    const io = capture();
    expect(await render(io)).toBe(1);
    expect(io.stdout).toEqual([
      `${path.join(
        out,
        'sh-02',
      )}: exists and was not written by edge-gitops render; move it, or choose another --out`,
    ]);
    expect(fs.readFileSync(path.join(out, 'sh-02', 'notes.txt'), 'utf8')).toBe(
      'mine',
    );
    expect(fs.existsSync(path.join(out, 'gz-01'))).toBe(false);
  });

  it('writes nothing for an invalid document', async () => {
    const out = path.join(tmp(), 'out');
    const io = capture();
    expect(
      await main(
        [
          'render',
          path.join(bad, 'request-above-limit.yaml'),
          '--node-groups',
          nodeGroups,
          '--out',
          out,
        ],
        io,
      ),
    ).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(io.stderr).toContain('nothing written: fix the problems above');
  });

  it('refuses a node group whose name would become a path outside --out, writing nothing', async () => {
    const dir = tmp();
    const groups = path.join(dir, 'groups.yaml');
    fs.writeFileSync(
      groups,
      'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ../../x\n  annotations: {edge-gitops.io/repo-url: repos/x.git}\nspec: {type: edge-node-group}\n',
    );
    const io = capture();
    const out = path.join(dir, 'nested/out');
    expect(
      await main(
        [
          'render',
          path.join(examples, 'web.yaml'),
          '--node-groups',
          groups,
          '--out',
          out,
        ],
        io,
      ),
    ).toBe(2);
    expect(io.stderr.join('\n')).toContain(
      'metadata.name: must be a DNS-1123 label',
    );
    expect(fs.readdirSync(dir)).toEqual(['groups.yaml']);
  });

  it('refuses targets that match no node group, showing the selector', async () => {
    const { code, io, file, out } = await renderApp(
      '{selector: {matchLabels: {region: north}}}',
      '{name: a, image: "busybox:1.36"}',
    );
    expect(code).toBe(1);
    expect(io.stdout).toEqual([
      `${file}: spec.targets: no node group matches selector region=north`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an image built for another architecture in that node group', async () => {
    const { code, io, out } = await renderApp(
      '{nodeGroups: [sh-01]}',
      '{name: a, image: "busybox:1.36", architectures: [amd64]}',
    );
    expect(code).toBe(1);
    expect(io.stdout[0]).toMatch(/node group sh-01 is arm64/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('edge-gitops status', () => {
  it('prints one JSON line per object, from a YAML stream or a JSON list', async () => {
    const dir = tmp();
    const yamlFile = path.join(dir, 'objects.yaml');
    fs.writeFileSync(
      yamlFile,
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec: {completions: 1}\nstatus: {succeeded: 1, conditions: [{type: Complete, status: "True"}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, generation: 1}\nspec: {replicas: 2}\nstatus: {observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1}\n',
    );
    const io = capture();
    expect(await main(['status', yamlFile], io)).toBe(0);
    expect(io.stdout.map(l => JSON.parse(l))).toEqual([
      {
        kind: 'Job',
        name: 'pi',
        status: 'Current',
        message: 'Job completed: succeeded 1/1, failed 0, active 0',
      },
      {
        kind: 'Deployment',
        name: 'web',
        status: 'InProgress',
        message: 'Available: 1/2',
      },
    ]);
    const jsonFile = path.join(dir, 'list.json');
    fs.writeFileSync(
      jsonFile,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Failed' } },
        ],
      }),
    );
    const io2 = capture();
    expect(await main(['status', jsonFile], io2)).toBe(0);
    expect(JSON.parse(io2.stdout[0])).toEqual({
      kind: 'Pod',
      name: 'p',
      status: 'Failed',
      message: 'Pod has completed, but not successfully',
    });
  });

  it('exits 2 for a missing file', async () => {
    const io = capture();
    expect(await main(['status', '/no/such/objects.yaml'], io)).toBe(2);
  });

  it('answers garbage with Unknown or a best reading, never a crash', async () => {
    const file = path.join(tmp(), 'garbage.yaml');
    fs.writeFileSync(
      file,
      [
        'kind: Pod\nmetadata: {name: a}\nstatus: {phase: Running, conditions: [null, 3], containerStatuses: 5}',
        'kind: __proto__\nmetadata: {name: b}',
        'kind: toString\nmetadata: {name: c}',
        'kind: Job\nmetadata: {name: d}\nstatus: {conditions: "broken"}',
        'kind: Deployment\nmetadata: {name: e}\nspec: {replicas: "two"}\nstatus: {conditions: [{type: Available}]}',
      ].join('\n---\n'),
    );
    const io = capture();
    expect(await main(['status', file], io)).toBe(0);
    const lines = io.stdout.map(l => JSON.parse(l));
    expect(lines.map(l => `${l.name}: ${l.status}`)).toEqual([
      'a: InProgress',
      'b: Current',
      'c: Current',
      'd: InProgress',
      'e: InProgress',
    ]);
  });

  it('reads a kubectl list larger than an application may be', async () => {
    const file = path.join(tmp(), 'pods.json');
    const pod = (i: number) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, annotations: { note: 'x'.repeat(1000) } },
      status: { phase: 'Succeeded' },
    });
    fs.writeFileSync(
      file,
      JSON.stringify({
        kind: 'List',
        items: Array.from({ length: 3000 }, (_, i) => pod(i)),
      }),
    );
    expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
    const io = capture();
    expect(await main(['status', file], io)).toBe(0);
    expect(io.stdout).toHaveLength(3000);
  });
});
