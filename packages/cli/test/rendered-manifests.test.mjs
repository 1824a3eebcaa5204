// Renders every example application with the real CLI and checks the result:
// byte-identical to the golden files in examples/rendered (UPDATE_GOLDEN=1 rewrites them),
// deterministic, valid against the Kubernetes OpenAPI schemas (kubernetes-models), and
// buildable with `kubectl kustomize`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import * as k8s from 'kubernetes-models';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const cli = path.join(root, 'packages/cli/bin/edge-gitops');
const examples = path.join(root, 'examples/applications');
const golden = path.join(root, 'examples/rendered');
const nodeGroups = path.join(root, 'examples/node-groups.yaml');

function render(file, out) {
  const r = spawnSync(
    process.execPath,
    [cli, 'render', file, '--node-groups', nodeGroups, '--out', out],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `render ${file} failed:\n${r.stdout}\n${r.stderr}`);
}

function listFiles(dir, base = dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
    })
    .sort();
}

/** The kubernetes-models class for an object: apps/v1 Deployment -> k8s['IoK8sApiAppsV1Deployment']-like lookup. */
async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  const mod = group
    ? await import(`kubernetes-models/${group}/${version}`)
    : await import(`kubernetes-models/${version}`);
  return mod[kind];
}

const rendered = new Map();
/** One render per example, shared by the checks below. */
function renderedOnce(file) {
  if (!rendered.has(file)) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-render-'));
    render(path.join(examples, file), out);
    rendered.set(file, out);
  }
  return rendered.get(file);
}

const apps = fs
  .readdirSync(examples)
  .filter(f => f.endsWith('.yaml'))
  .sort();

test('there is an example per seed scenario', () => {
  assert.ok(
    apps.length >= 8,
    `expected at least 8 examples, got ${apps.length}`,
  );
  assert.ok(k8s, 'kubernetes-models loads');
});

for (const file of apps) {
  const name = path.basename(file, '.yaml');
  test(`${name}: renders as the golden files, deterministically`, () => {
    const out1 = renderedOnce(file);
    const out2 = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-render-'));
    render(path.join(examples, file), out2);
    const files = listFiles(out1);
    assert.ok(files.length > 0);
    assert.deepEqual(listFiles(out2), files);
    for (const f of files)
      assert.equal(
        fs.readFileSync(path.join(out2, f), 'utf8'),
        fs.readFileSync(path.join(out1, f), 'utf8'),
        `${f} differs between two renders`,
      );
    const expected = path.join(golden, name);
    if (process.env.UPDATE_GOLDEN) {
      fs.rmSync(expected, { recursive: true, force: true });
      fs.cpSync(out1, expected, { recursive: true });
    }
    assert.deepEqual(
      listFiles(expected),
      files,
      `the files of ${name} changed; run UPDATE_GOLDEN=1 npm run test:node and review the diff`,
    );
    for (const f of files) {
      assert.equal(
        fs.readFileSync(path.join(out1, f), 'utf8'),
        fs.readFileSync(path.join(expected, f), 'utf8'),
        `${name}/${f} differs from the golden file`,
      );
    }
  });

  test(`${name}: every rendered object validates against the Kubernetes OpenAPI schemas`, async () => {
    const out = renderedOnce(file);
    let checked = 0;
    for (const f of listFiles(out).filter(
      rel =>
        /apps\/[^/]+\/.+\.yaml$/.test(rel) &&
        !rel.endsWith('kustomization.yaml') &&
        !rel.endsWith('application.yaml'),
    )) {
      for (const doc of parseAllDocuments(
        fs.readFileSync(path.join(out, f), 'utf8'),
      )) {
        const obj = doc.toJS();
        const Model = await modelFor(obj.apiVersion, obj.kind);
        assert.ok(Model, `${f}: no schema for ${obj.apiVersion} ${obj.kind}`);
        assert.doesNotThrow(
          () => new Model(obj).validate(),
          `${f} does not validate`,
        );
        checked++;
      }
    }
    assert.ok(checked > 0, 'checked at least one object');
  });

  test(`${name}: every node group folder builds with kubectl kustomize`, t => {
    const kubectl = spawnSync('kubectl', ['version', '--client'], {
      encoding: 'utf8',
    });
    if (kubectl.status !== 0) {
      t.skip('kubectl is not installed here');
      return;
    }
    const out = renderedOnce(file);
    const appName = parseAllDocuments(
      fs.readFileSync(path.join(examples, file), 'utf8'),
    )[0].toJS().metadata.name;
    for (const group of fs.readdirSync(out)) {
      const built = execFileSync(
        'kubectl',
        ['kustomize', path.join(out, group)],
        { encoding: 'utf8' },
      );
      const kinds = parseAllDocuments(built).map(d => d.toJS().kind);
      assert.ok(kinds.length > 0, `${group}: kustomize built nothing`);
      for (const d of parseAllDocuments(built)) {
        const labels = d.toJS().metadata.labels;
        assert.equal(labels['app.kubernetes.io/managed-by'], 'edge-gitops');
        assert.equal(labels['edge-gitops.io/node-group'], group);
        assert.equal(labels['app.kubernetes.io/part-of'], appName);
      }
    }
  });
}

test('the validator catches what the schemas catch: a bad object fails kubernetes-models too', async () => {
  const Deployment = await modelFor('apps/v1', 'Deployment');
  assert.throws(() =>
    new Deployment({
      metadata: { name: 'x' },
      spec: {
        selector: {},
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'b', ports: [{ containerPort: 'eighty' }] },
            ],
          },
        },
      },
    }).validate(),
  );
});
