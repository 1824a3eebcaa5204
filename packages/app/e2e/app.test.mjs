// Browser test: starts the app as the README says (npm start), signs in as guest, and checks
// that the catalog shows the sample node groups and the create page shows the templates.
// Uses Debian's chromium through playwright-core; screenshots go to test-results/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const shots = path.join(root, 'test-results');
const APP = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app;
let browser;
/** A Kubernetes API server (the project's protocol test server) standing in for sh-02's cluster. */
let cluster;

async function startTestCluster() {
  const require = createRequire(import.meta.url);
  require('@backstage/cli/config/nodeTransform.cjs');
  const {
    startKubeApiServer,
  } = require('@edge-gitops/plugin-edge-gitops-node/testUtils');
  return startKubeApiServer({ version: 'v1.31.4+k3s1', crds: ['flux'] });
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (app && app.exitCode !== null)
      throw new Error(`npm start exited with ${app.exitCode}`);
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Opens the app in a fresh page and signs in as guest (the sign-in page shows an Enter button). */
async function signedInPage(viewport) {
  const page = await browser.newPage({ viewport });
  await page.goto(APP);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByText('Create...');
  await enter.or(signedIn).first().waitFor({ timeout: 120_000 });
  if (await enter.isVisible()) await enter.click();
  await signedIn.first().waitFor({ timeout: 60_000 });
  return page;
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  assert.equal(res.status, 200, 'guest sign-in works');
  return (await res.json()).backstageIdentity.token;
}

/**
 * The test's own data folder: its repositories, SQLite files and registered applications
 * never mix with a person's `.data/`, and are removed afterwards.
 */
/** The new Component's Edge status tab: the catalog processes it within seconds; the page does not refresh itself. */
async function openEdgeStatusTab(page) {
  const tab = page.getByRole('tab', { name: 'Edge status' }).first();
  for (let i = 0; ; i++) {
    try {
      await tab.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (i >= 24) throw e;
      await page.reload();
    }
  }
  await tab.click();
}

/** The images each node group holding an application has in git, from the placement index. */
async function publishedImages(name, token) {
  const body = await (
    await fetch(`${BACKEND}/api/edge-gitops/applications/${name}/placements`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  return body.items
    .filter(p => p.published)
    .map(p => `${p.nodeGroup} ${p.images.join(',')}`);
}

/**
 * From the application's Edge status tab: edge-update loads what git holds, a mistake is
 * caught at the field, the image changes, and every node group gets the new one.
 */
async function changeImageFromEntityPage(
  page,
  name,
  token,
  { from, to, shots: prefix },
) {
  await page.getByRole('button', { name: `Change ${name}` }).click();
  const updateName = page.getByLabel('Name').first();
  await updateName.waitFor({ timeout: 60_000 });
  assert.equal(await updateName.inputValue(), name);
  await page.screenshot({
    path: path.join(shots, `${prefix}-application.png`),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();
  const definition = page.getByLabel(/Application \(EdgeApplication YAML\)/);
  await definition.waitFor({ timeout: 60_000 });
  const held = await definition.inputValue();
  assert.match(held, new RegExp(`name: ${name}`));
  assert.ok(held.includes(`image: ${from}`), `git holds ${from}`);
  // The same document in the create templates' fields, then back to the YAML.
  await page.getByRole('tab', { name: 'Form' }).click();
  await page
    .getByText(/node groups? match$/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({
    path: path.join(shots, `${prefix}-form.png`),
    fullPage: true,
  });
  await page.getByRole('tab', { name: 'YAML' }).click();
  // A mistake is caught at the field with the model's message, before anything runs.
  await definition.fill(held.replace(from, from.replace(':', ' ')));
  await page.getByRole('button', { name: 'Review' }).click();
  await page
    .getByText(/must be an image reference without spaces/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({
    path: path.join(shots, `${prefix}-invalid.png`),
    fullPage: true,
  });
  await definition.fill(held.replace(from, to));
  await page.screenshot({
    path: path.join(shots, `${prefix}-changes.png`),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Open in catalog').waitFor({ timeout: 120_000 });
  await page.screenshot({
    path: path.join(shots, `${prefix}-task-done.png`),
    fullPage: true,
  });
  const heldImages = await publishedImages(name, token);
  const expected = heldImages.map(l => l.replace(from, to)).join();
  for (let i = 0; ; i++) {
    const now = await publishedImages(name, token);
    if (now.join() === expected) break;
    if (i > 60) throw new Error(`not updated: ${now}`);
    await new Promise(r => setTimeout(r, 1000));
  }
  await page.getByText('Open in catalog').click();
  await page.getByRole('tab', { name: 'Edge status' }).first().click();
}

/** From the Edge status tab: edge-remove takes it off every node group and out of the catalog. */
async function removeFromEntityPage(page, name, token, prefix) {
  await page.getByRole('button', { name: `Remove ${name}` }).click();
  const nameField = page.getByLabel('Name').first();
  await nameField.waitFor({ timeout: 60_000 });
  assert.equal(await nameField.inputValue(), name);
  await page
    .getByLabel('Remove it from every node group and from the catalog')
    .check();
  await page.screenshot({
    path: path.join(shots, `${prefix}-application.png`),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page
    .getByText('Remove from the catalog')
    .first()
    .waitFor({ timeout: 60_000 });
  for (let i = 0; (await publishedImages(name, token)).length; i++) {
    if (i > 60) throw new Error(`${name} is still published`);
    await new Promise(r => setTimeout(r, 1000));
  }
  await page.getByText('Node groups').first().waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: path.join(shots, `${prefix}-task-done.png`),
    fullPage: true,
  });
  const entity = await fetch(
    `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(entity.status, 404, 'the Component is gone from the catalog');
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-e2e-'));

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  cluster = await startTestCluster();
  const started = Date.now();
  app = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BROWSER: 'none',
      // Backstage reads APP_CONFIG_* as config; the value is JSON. Everything the app
      // writes goes to the test's data folder.
      APP_CONFIG_edgeGitops_dataDir: dataDir,
      APP_CONFIG_backend_database_connection_directory: path.join(
        dataDir,
        'sqlite',
      ),
      APP_CONFIG_catalog_locations: JSON.stringify([
        { type: 'file', target: path.join(root, 'catalog-info.yaml') },
        { type: 'file', target: path.join(dataDir, 'catalog/*.yaml') },
      ]),
      APP_CONFIG_edgeGitops_clusters: JSON.stringify({
        'sh-02': {
          url: cluster.url,
          caData: cluster.caData,
          serviceAccountToken: cluster.token,
        },
      }),
    },
  });
  const log = fs.createWriteStream(path.join(shots, 'npm-start.log'));
  app.stdout.pipe(log);
  app.stderr.pipe(log);
  await waitFor(`${BACKEND}/api/edge-gitops/health`, 240_000);
  await waitFor(APP, 240_000);
  // eslint-disable-next-line no-console
  console.log(
    `# app answered ${((Date.now() - started) / 1000).toFixed(
      1,
    )}s after npm start`,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  await cluster?.close();
  if (app && app.exitCode === null) {
    process.kill(-app.pid, 'SIGTERM');
    await new Promise(r => setTimeout(r, 1500));
    try {
      process.kill(-app.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the catalog API lists the sample node groups', async () => {
  const token = await guestToken();
  // The catalog ingests locations a few seconds after start.
  let names = [];
  for (let i = 0; i < 60 && names.length < 4; i++) {
    const res = await fetch(
      `${BACKEND}/api/catalog/entities?filter=spec.type=edge-node-group`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(res.status, 200);
    names = (await res.json()).map(e => e.metadata.name).sort();
    if (names.length < 4) await new Promise(r => setTimeout(r, 1000));
  }
  assert.deepEqual(names, ['gz-01', 'sh-01', 'sh-02', 'sz-01']);
  const groups = await (
    await fetch(`${BACKEND}/api/edge-gitops/node-groups`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  assert.equal(groups.items.length, 4);
  assert.ok(
    groups.items.every(g => g.repository.local),
    'sample node groups use local repositories',
  );
  const unauthenticated = await fetch(`${BACKEND}/api/edge-gitops/node-groups`);
  assert.equal(unauthenticated.status, 401);
});

test('a guest opens the catalog, the node groups and the create page', async () => {
  const page = await signedInPage({ width: 1400, height: 900 });

  await page.goto(
    `${APP}/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all`,
  );
  // Catalog rows link node groups by their titles.
  for (const title of [
    'Shanghai plant 1',
    'Shanghai plant 2',
    'Guangzhou store fleet',
    'Shenzhen lab',
  ]) {
    await page
      .getByRole('link', { name: title })
      .first()
      .waitFor({ timeout: 60_000 });
  }
  await page.screenshot({ path: path.join(shots, 'catalog-node-groups.png') });

  await page.goto(`${APP}/edge-gitops/node-groups`);
  await page.getByText('repos/sh-01.git').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'edge-node-groups.png') });

  await page.goto(`${APP}/create`);
  await page
    .getByText('Edge application (Deployment)')
    .waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, 'create-page.png') });
  await page.close();
});

test('a guest publishes an application from the create page, sees it on the entity page, changes it and removes it', async () => {
  const page = await signedInPage({ width: 1400, height: 1000 });
  const name = `e2e-${Date.now().toString(36)}`;
  const t0 = Date.now();
  const mark = what =>
    // eslint-disable-next-line no-console
    console.log(`# ${what} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  await page.goto(`${APP}/create/templates/default/edge-deployment`);
  // A name the catalog already has (a sample application) is refused at the field.
  await page.getByLabel('Name').first().fill('web', { timeout: 120_000 });
  await page
    .getByLabel('Description')
    .first()
    .fill('Published by the browser test');
  // The service is named like the application (the image stays the default nginx:1.27).
  await page.getByLabel('Service name').first().fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(
      /an application named "web" already exists \(in the catalog: component:default\/web\)/,
    )
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'create-name-taken.png') });
  await page.getByLabel('Name').first().fill(name);
  await page.getByRole('button', { name: 'Next' }).click();

  // Second step: pick node groups sh-01 (a simulated cluster) and sh-02 (the test's own
  // Kubernetes API server, configured in edgeGitops.clusters: a real connection wins).
  const picker = page.getByRole('combobox').first();
  for (const option of ['sh-01', 'sh-02']) {
    await picker.click();
    await page.getByRole('option', { name: option, exact: true }).click();
    await page.keyboard.press('Escape');
  }
  await page
    .getByText(/^2 of \d+ node groups match$/)
    .waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'create-targets.png') });
  await page.getByRole('button', { name: 'Next' }).click();
  // The preview: both node groups get the Deployment; nothing is written yet.
  await page
    .getByText('2 node groups change')
    .first()
    .waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, 'create-preview.png') });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  mark('form submitted');
  await page.getByText('Open in catalog').waitFor({ timeout: 120_000 });
  mark('task finished');
  await page.screenshot({ path: path.join(shots, 'create-task-done.png') });

  // The commit is in the node group's local repository.
  const token = await guestToken();
  const placements = await (
    await fetch(`${BACKEND}/api/edge-gitops/applications/${name}/placements`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  const sh02 = placements.items.find(p => p.nodeGroup === 'sh-02');
  assert.equal(sh02.published, true, 'published to sh-02');
  assert.ok(sh02.files.includes(`${name}.deployment.yaml`));
  assert.deepEqual(
    placements.items.filter(p => p.published).map(p => p.nodeGroup),
    ['sh-01', 'sh-02'],
    'only sh-01 and sh-02 were targeted',
  );
  // The commit is authored by the person who ran the template, from the catalog's profile.
  const author = spawnSync(
    'git',
    [
      '--git-dir',
      path.join(dataDir, 'repos/sh-02.git'),
      'log',
      '-1',
      '--format=%an <%ae>',
      'main',
    ],
    { encoding: 'utf8' },
  ).stdout.trim();
  assert.equal(author, 'Guest <guest@example.com>');

  // sh-02's cluster runs it: Flux applied the commit, one of two replicas crash-loops.
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': name,
    'app.kubernetes.io/managed-by': 'edge-gitops',
    'edge-gitops.io/node-group': 'sh-02',
  };
  cluster.apply({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: 'edge-gitops',
      namespace: 'flux-system',
      labels: {
        'app.kubernetes.io/managed-by': 'edge-gitops',
        'edge-gitops.io/node-group': 'sh-02',
      },
    },
    spec: { interval: '1m', path: './', prune: true },
    status: {
      lastAppliedRevision: `main@sha1:${sh02.head}`,
      lastAttemptedRevision: `main@sha1:${sh02.head}`,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded' },
      ],
    },
  });
  cluster.apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', generation: 1, labels },
    spec: { replicas: 2 },
    status: {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  });
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-7c9d-x2k4p`, namespace: 'default', labels },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name,
          ready: false,
          restartCount: 6,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 2m40s restarting failed container=${name}`,
            },
          },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } },
        },
      ],
    },
  });
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}-7c9d-x2k4p.1`, namespace: 'default' },
    involvedObject: {
      kind: 'Pod',
      name: `${name}-7c9d-x2k4p`,
      namespace: 'default',
    },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    count: 6,
    lastTimestamp: new Date().toISOString(),
  });

  // The registered Component shows the edge status tab.
  // The catalog processes the new Component within seconds; the page does not refresh itself.
  await page.getByText('Open in catalog').click();
  await openEdgeStatusTab(page);
  mark('entity page shown');
  await page
    .getByText(`Where ${name} is published`)
    .waitFor({ timeout: 30_000 });
  await page.getByText('in git').first().waitFor({ timeout: 30_000 });
  // sh-01's simulated cluster pulled the commit like Flux and ran it: Current and Synced.
  const refresh = page.getByRole('button', { name: 'Refresh' }).first();
  const until = async (what, check, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await refresh.click();
      await new Promise(r => setTimeout(r, 1000));
    }
  };
  const row = nodeGroup => page.getByRole('row').filter({ hasText: nodeGroup });
  await until(
    'sh-01 Current and Synced',
    async () =>
      (await row('sh-01').getByText('Current', { exact: true }).count()) > 0 &&
      (await row('sh-01').getByText('Synced (Flux)').count()) > 0,
  );
  mark('sh-01 Current and Synced');
  assert.equal(
    await row('sh-01').getByText('simulated', { exact: true }).count(),
    1,
  );
  assert.equal(
    await row('sh-02').getByText('simulated', { exact: true }).count(),
    0,
  );
  // Status read from the cluster: the rollout, the crash-looping pod, its warning, the sync.
  await page.getByText('Synced (Flux)').first().waitFor({ timeout: 30_000 });
  await page.getByText('1/2 ready').first().waitFor({ timeout: 30_000 });
  await page
    .getByText(/CrashLoopBackOff/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page
    .getByText(/BackOff ×6 on Pod/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({
    path: path.join(shots, 'entity-edge-status.png'),
    fullPage: true,
  });

  // sh-01's cluster goes offline: Unknown, with when it was last seen; then it comes back.
  const simulator = state =>
    fetch(`${BACKEND}/api/edge-gitops/simulator/clusters/sh-01/${state}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  assert.equal((await simulator('offline')).status, 200);
  await until(
    'sh-01 Unknown',
    async () => (await row('sh-01').getByText('not reachable').count()) > 0,
  );
  await row('sh-01')
    .getByText(/last seen/)
    .first()
    .waitFor();
  await page.screenshot({
    path: path.join(shots, 'entity-edge-status-offline.png'),
    fullPage: true,
  });
  assert.equal((await simulator('online')).status, 200);
  await until(
    'sh-01 back',
    async () =>
      (await row('sh-01').getByText('Current', { exact: true }).count()) > 0,
  );
  mark('sh-01 back online');

  // Changing it starts on its page too: edge-update loads what git holds into the form.
  await changeImageFromEntityPage(page, name, token, {
    from: 'nginx:1.27',
    to: 'nginx:1.28',
    shots: 'update',
  });
  mark('updated');
  await removeFromEntityPage(page, name, token, 'remove');
  mark('removed');
  await page.close();
});

test('a guest creates an application as in the first manual: a DaemonSet with host port, hostPath and privileged, previewed before it is published', async () => {
  const page = await signedInPage({ width: 1400, height: 1000 });
  const name = `agent-${Date.now().toString(36)}`;
  const shot = async file =>
    page.screenshot({ path: path.join(shots, file), fullPage: true });
  await page.goto(`${APP}/create/templates/default/edge-application`);

  // Basic information.
  await page.getByLabel('Name').first().fill(name, { timeout: 120_000 });
  await page
    .getByLabel('Description')
    .first()
    .fill('Collects node metrics on the east node groups');
  await shot('app-basic.png');
  await page.getByRole('button', { name: 'Next' }).click();

  // Host access: a page a permission policy can hide; the sample allows everything.
  await page.getByLabel('This application needs host access').check();
  await shot('app-host-access.png');
  await page.getByRole('button', { name: 'Next' }).click();

  // Services: add a DaemonSet in the service dialog, tab by tab.
  await page.getByRole('button', { name: 'Add service' }).click();
  await page.getByRole('menuitem', { name: 'DaemonSet' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Service name').fill('collector');
  await dialog.getByLabel(/^Image/).fill('busybox:1.36');
  await dialog.getByLabel('Arguments').fill('sleep\n3600');
  await shot('app-service-basic.png');
  await dialog.getByRole('tab', { name: 'Advanced' }).click();
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('NODE_IP');
  await dialog.getByLabel('From', { exact: true }).click();
  await page.getByRole('option', { name: "Node's IP" }).click();
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
  await dialog.getByLabel('CPU request').fill('100m');
  await dialog.getByLabel('Memory limit').fill('128Mi');
  await dialog.getByLabel('Privileged').check();
  await shot('app-service-advanced.png');
  await dialog.getByRole('tab', { name: 'Storage' }).click();
  await dialog.getByRole('button', { name: 'Add volume' }).click();
  await dialog.getByLabel('Volume name').fill('logs');
  await dialog.getByLabel('Path on the node').fill('/var/log');
  await dialog.getByLabel('Mount path').fill('/host/logs');
  await shot('app-service-storage.png');
  await dialog.getByRole('tab', { name: 'Health' }).click();
  await dialog.getByLabel('Check', { exact: true }).first().click();
  await page.getByRole('option', { name: 'TCP connect' }).click();
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
  await dialog.getByLabel('Port', { exact: true }).fill('9100');
  await shot('app-service-health.png');
  await dialog.getByRole('tab', { name: 'Network' }).click();
  await dialog.getByRole('button', { name: 'Add port' }).click();
  await dialog.getByLabel('Container port').fill('9100');
  await dialog.getByLabel('Host port').fill('9100');
  await dialog.getByLabel('Host network').check();
  await shot('app-service-network.png');
  await dialog.getByRole('tab', { name: 'Scheduling' }).click();
  await shot('app-service-scheduling.png');
  // A pod of several containers, as the manuals' "add container": an init container gets
  // its own Basic tab; this one is tried and removed again.
  await dialog.getByRole('button', { name: 'Add init container' }).click();
  await dialog.getByRole('tab', { name: 'Basic' }).click();
  await dialog.getByLabel(/^Container name/).fill('prepare');
  await dialog.getByLabel(/^Image/).fill('busybox:1.36');
  await dialog
    .getByRole('group', { name: 'Containers' })
    .getByRole('button', { name: 'init: prepare' })
    .waitFor();
  await shot('app-service-containers.png');
  await dialog.getByRole('button', { name: 'Remove this container' }).click();
  assert.equal(
    await dialog.getByRole('button', { name: /^init: / }).count(),
    0,
  );
  await dialog.getByRole('button', { name: 'Save service' }).click();
  await page
    .getByText('busybox:1.36 · ports 9100->9100/TCP')
    .waitFor({ timeout: 10_000 });
  await shot('app-services.png');
  await page.getByRole('button', { name: 'Next' }).click();

  // Targets, two levels: node groups labelled region=east, then nodes labelled demo=02.
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label: key').fill('region');
  await page.getByLabel('Label: value').fill('east');
  await page.getByRole('button', { name: 'Add node label' }).click();
  await page.getByLabel('Node label: key').fill('demo');
  await page.getByLabel('Node label: value').fill('02');
  await page
    .getByText(/^2 of \d+ node groups match$/)
    .waitFor({ timeout: 30_000 });
  await shot('app-targets.png');
  await page.getByRole('button', { name: 'Next' }).click();

  // Preview: the backend's dry run, per node group, with the reviewer warnings.
  await page
    .getByText('2 node groups change')
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByText(/Reviewers will see \d+ warnings/).waitFor();
  await page
    .getByText(/privileged/)
    .first()
    .waitFor();
  await page
    .getByText(`apps/${name}/collector.daemonset.yaml`)
    .first()
    .waitFor();
  // A new file shows whole; its Change tab shows the lines git would get.
  await page
    .getByText(/hostPort: 9100/)
    .first()
    .waitFor();
  await shot('app-preview.png');
  await page.getByRole('tab', { name: 'Change' }).first().click();
  await page
    .getByText(/\+ +hostPort: 9100/)
    .first()
    .waitFor();
  await shot('app-preview-diff.png');
  await page.getByRole('button', { name: 'Review' }).click();
  await shot('app-review.png');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Open in catalog').waitFor({ timeout: 120_000 });
  await shot('app-task-done.png');

  // git holds the DaemonSet with what the form said, on both east node groups.
  const token = await guestToken();
  assert.deepEqual(await publishedImages(name, token), [
    'sh-01 busybox:1.36',
    'sh-02 busybox:1.36',
  ]);
  const daemonSet = spawnSync(
    'git',
    [
      '--git-dir',
      path.join(dataDir, 'repos/sh-02.git'),
      'show',
      `main:apps/${name}/collector.daemonset.yaml`,
    ],
    { encoding: 'utf8' },
  ).stdout;
  for (const line of [
    'hostNetwork: true',
    'privileged: true',
    'hostPort: 9100',
    'path: /var/log',
    'mountPath: /host/logs',
    'fieldPath: status.hostIP',
    'demo: "02"',
  ])
    assert.ok(daemonSet.includes(line), `${line} in:\n${daemonSet}`);

  await page.getByText('Open in catalog').click();
  await openEdgeStatusTab(page);
  await page
    .getByText(`Where ${name} is published`)
    .waitFor({ timeout: 30_000 });
  await shot('app-entity.png');
  await changeImageFromEntityPage(page, name, token, {
    from: 'busybox:1.36',
    to: 'busybox:1.37',
    shots: 'app-update',
  });
  await removeFromEntityPage(page, name, token, 'app-remove');
  await page.close();
});

test("samples published from the command line into the app's data folder run in the simulated clusters", async () => {
  const cli = path.join(root, 'packages/cli/bin/edge-gitops');
  // The samples are registered in the catalog; a pipeline's own application is not.
  const pipelineApp = path.join(dataDir, 'pipeline-work.yaml');
  fs.writeFileSync(
    pipelineApp,
    fs
      .readFileSync(
        path.join(root, 'examples/applications/parallel-job.yaml'),
        'utf8',
      )
      .replace('name: batch-work', 'name: pipeline-work'),
  );
  for (const file of [
    path.join(root, 'examples/applications/camera.yaml'),
    pipelineApp,
  ]) {
    const result = spawnSync(
      process.execPath,
      [
        cli,
        'publish',
        file,
        '--node-groups',
        path.join(root, 'examples/node-groups.yaml'),
        '--data-dir',
        dataDir,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, `${file}: ${result.stderr}`);
  }
  const page = await signedInPage({ width: 1400, height: 900 });
  await page.goto(`${APP}/edge-gitops`);
  const row = name => page.getByRole('row').filter({ hasText: name });
  const deadline = Date.now() + 90_000;
  for (;;) {
    // After a (re)load the page renders its table within seconds: wait for it, not count at once.
    // camera-ingest targets the GPU node groups: sh-01 and sz-01, both simulated.
    const shown = (name, text) =>
      row(name)
        .getByText(text, { exact: true })
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
    const current = await Promise.all([
      shown('camera-ingest', 'Current'),
      shown('camera-ingest', '2 of 2 node groups current'),
      shown('pipeline-work', 'Current'),
    ]);
    if (current.every(Boolean)) break;
    if (Date.now() > deadline) {
      await page.screenshot({
        path: path.join(shots, 'edge-apps-simulated.png'),
      });
      const seen = await (
        await fetch(`${BACKEND}/api/edge-gitops/applications`, {
          headers: { authorization: `Bearer ${await guestToken()}` },
        })
      ).json();
      throw new Error(
        `the samples did not become Current: ${JSON.stringify(seen.items)}`,
      );
    }
    await page.reload();
  }
  // Published from the command line: no catalog entity, and the page says so.
  await row('pipeline-work')
    .getByText(/not in the catalog/)
    .first()
    .waitFor();
  await row('pipeline-work')
    .getByText('1 node group', { exact: true })
    .waitFor();
  await page.screenshot({ path: path.join(shots, 'edge-apps-simulated.png') });
  // Register offers the Component to add to a catalog file.
  await row('pipeline-work').getByRole('button', { name: 'Register' }).click();
  await page.getByText('Register pipeline-work in the catalog').waitFor();
  await page.getByText('edge-gitops.io/application: pipeline-work').waitFor();
  await page.screenshot({ path: path.join(shots, 'edge-apps-register.png') });
  await page.getByRole('button', { name: 'Close' }).click();

  // The node group's page lists what its git location holds, registered or not.
  const group = (
    await (
      await fetch(
        `${BACKEND}/api/edge-gitops/applications/pipeline-work/placements`,
        { headers: { authorization: `Bearer ${await guestToken()}` } },
      )
    ).json()
  ).items.find(p => p.published);
  assert.ok(group, 'pipeline-work is in the placement index');
  await page.goto(
    `${APP}/catalog/default/resource/${group.nodeGroup}/edge-gitops`,
  );
  await page
    .getByText(`Applications in ${group.nodeGroup}'s git location`)
    .waitFor({ timeout: 30_000 });
  const held = page.getByRole('row').filter({ hasText: 'pipeline-work' });
  await held.getByText('Job/work').first().waitFor();
  await held.getByText(group.images[0]).first().waitFor();
  await page.screenshot({
    path: path.join(shots, 'node-group-applications.png'),
    fullPage: true,
  });
  await page.close();
});

test('a guest rolls an application out in waves from the edge-batch template and follows the job', async () => {
  const page = await signedInPage({ width: 1400, height: 1000 });
  const name = `waves-${Date.now().toString(36)}`;
  await page.goto(`${APP}/create/templates/default/edge-batch`);
  await page.getByLabel('Name').first().fill(name, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Next' }).click();

  // Three node groups with simulated clusters; gz-01 and sz-01 share a repository.
  const picker = page.getByRole('combobox').first();
  for (const option of [
    /gz-01|Guangzhou/,
    /sh-01|Shanghai plant 1/,
    /sz-01|Shenzhen/,
  ]) {
    await picker.click();
    await page.getByRole('option', { name: option }).first().click();
    await page.keyboard.press('Escape');
  }
  await page.getByRole('button', { name: 'Next' }).click();

  // The rollout step: a canary, then one node group per wave, healthy for 2 s each.
  await page.getByLabel('Node groups per wave').fill('1');
  await page.getByLabel('Healthy for (seconds)').fill('2');
  await page.screenshot({ path: path.join(shots, 'batch-rollout-form.png') });
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const follow = page.getByRole('link', { name: 'Follow the batch job' });
  await follow.waitFor({ timeout: 120_000 });
  await follow.click();

  await page.getByRole('heading', { name: `Roll out ${name}` }).waitFor();
  await page.getByText('Wave 1: canary').waitFor();
  await page.screenshot({ path: path.join(shots, 'batch-job-running.png') });
  // The page refreshes itself every 5 s.
  await page
    .getByText('Succeeded', { exact: true })
    .first()
    .waitFor({ timeout: 180_000 });
  await page.screenshot({
    path: path.join(shots, 'batch-job-succeeded.png'),
    fullPage: true,
  });
  // The node group column shows each entity's title.
  for (const nodeGroup of [/Guangzhou/, /Shanghai plant 1/, /Shenzhen/])
    assert.equal(
      await page
        .getByRole('row')
        .filter({ hasText: nodeGroup })
        .filter({ hasText: 'healthy' })
        .count(),
      1,
      `${nodeGroup} healthy`,
    );

  await page.goto(`${APP}/edge-gitops/batch-jobs`);
  await page.getByRole('link', { name }).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, 'batch-jobs.png') });
  await page.close();
});

test('a guest stops a batch job between waves and continues it', async () => {
  const token = await guestToken();
  const name = `paused-${Date.now().toString(36)}`;
  const res = await fetch(`${BACKEND}/api/edge-gitops/batch-jobs`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      application: {
        apiVersion: 'edge-gitops.io/v1alpha1',
        kind: 'EdgeApplication',
        metadata: { name },
        spec: {
          targets: { nodeGroups: ['sh-01', 'sz-01'] },
          services: [{ name, containers: [{ name, image: 'nginx:1.27' }] }],
        },
      },
      waves: { canary: 1, size: 1, waitSeconds: 600 },
      soakSeconds: 1,
    }),
  });
  assert.equal(res.status, 201);
  const { id } = await res.json();

  const page = await signedInPage({ width: 1400, height: 1000 });
  await page.goto(`${APP}/edge-gitops/batch-jobs/${id}`);
  // The canary wave done, the job waits ten minutes before the next one: stop it there.
  await page
    .getByText('waiting', { exact: true })
    .waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await page
    .getByText('Stopped', { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByText('Go on from wave 2 of 2.').waitFor();
  await page.screenshot({ path: path.join(shots, 'batch-job-stopped.png') });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page
    .getByText('Succeeded', { exact: true })
    .first()
    .waitFor({ timeout: 120_000 });
  const job = await (
    await fetch(`${BACKEND}/api/edge-gitops/batch-jobs/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  // The history says who asked (and the job's own step when it stopped).
  const asked = job.events
    .filter(e => e.actor !== 'edge-gitops')
    .map(e => [e.action, e.actor]);
  assert.deepEqual(asked, [
    ['created', 'user:default/guest'],
    ['stopped', 'user:default/guest'],
    ['continued', 'user:default/guest'],
  ]);
  await page.close();
});

test('a guest fills the short forms for a DaemonSet, a Job and a CronJob, and pastes YAML', async () => {
  const page = await signedInPage({ width: 1400, height: 1000 });
  for (const template of ['edge-daemonset', 'edge-job', 'edge-cronjob']) {
    await page.goto(`${APP}/create/templates/default/${template}`);
    await page
      .getByLabel('Name')
      .first()
      .fill(
        `${template.replace('edge-', 'short-')}-${Date.now().toString(36)}`,
        {
          timeout: 120_000,
        },
      );
    await page.getByLabel('Service name').first().fill('main');
    await page.getByLabel('Image').first().fill('busybox:1.36');
    await page.screenshot({
      path: path.join(shots, `create-${template}-application.png`),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Node groups by name').first().waitFor();
    // The targets field shows, as labels are typed, which node groups match.
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.getByLabel('Label: key').fill('region');
    await page.getByLabel('Label: value').fill('south');
    await page
      .getByText(/^2 of \d+ node groups match$/)
      .waitFor({ timeout: 30_000 });
    for (const group of ['gz-01', 'sz-01'])
      await page.getByRole('cell', { name: group, exact: true }).waitFor();
    await page.screenshot({
      path: path.join(shots, `create-${template}-targets.png`),
      fullPage: true,
    });
    // The preview: what gz-01 and sz-01 would get, before anything is written.
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByText('2 node groups change')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.screenshot({
      path: path.join(shots, `create-${template}-preview.png`),
      fullPage: true,
    });
  }
  // YAML mode: the objects a person already has, pasted as they are.
  await page.goto(`${APP}/create/templates/default/edge-yaml`);
  await page
    .getByLabel('Name')
    .first()
    .fill(`pasted-${Date.now().toString(36)}`, { timeout: 120_000 });
  await page
    .getByLabel('Kubernetes YAML')
    .first()
    .fill(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: edge\n',
    );
  await page.screenshot({
    path: path.join(shots, 'create-edge-yaml-application.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Node groups by name').first().waitFor();
  await page.screenshot({
    path: path.join(shots, 'create-edge-yaml-targets.png'),
    fullPage: true,
  });
  await page.close();
});

test('a node group behind NAT reports in: one watched, one reporting', async () => {
  const page = await signedInPage({ width: 1400, height: 1000 });
  // sz-01's page: issue its reporter's token, shown once with the command that stores it.
  await page.goto(`${APP}/catalog/default/resource/sz-01/edge-gitops`);
  await page.getByText('Issue token').waitFor({ timeout: 60_000 });
  await page.getByText('Issue token').click();
  await page
    .getByText(/Copy the token now: it is shown this once/)
    .waitFor({ timeout: 30_000 });
  const snippet = await page.locator('body').innerText();
  const token = /--from-literal=token=(egr_\S+)/.exec(snippet)?.[1];
  assert.ok(token, 'the new token is on the page once');
  await page.screenshot({
    path: path.join(shots, 'node-group-reporter.png'),
    fullPage: true,
  });

  // What the reporter in sz-01's cluster sends (edge-gitops report): a snapshot.
  const report = await fetch(
    `${BACKEND}/api/edge-gitops/node-groups/sz-01/reports`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        sequence: 1,
        snapshot: true,
        cluster: {
          reachable: true,
          kubernetesVersion: 'v1.30.5+k3s1',
          gitopsAgents: ['Flux'],
        },
        applications: {},
        agents: [],
      }),
    },
  );
  assert.equal(report.status, 200);
  assert.deepEqual(await report.json(), { accepted: true, sequence: 1 });
  // A token that is not sz-01's is refused.
  const refused = await fetch(
    `${BACKEND}/api/edge-gitops/node-groups/sz-01/reports`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer egr_wrong',
      },
      body: JSON.stringify({ sequence: 2, snapshot: true, applications: {} }),
    },
  );
  assert.equal(refused.status, 401);

  // The node groups page: sz-01 reporting, the simulated sh-01 watched.
  await page.goto(`${APP}/edge-gitops/node-groups`);
  const row = name => page.getByRole('row').filter({ hasText: name });
  await row('Shenzhen lab')
    .getByText('reporting', { exact: true })
    .waitFor({ timeout: 30_000 });
  await row('Shenzhen lab').getByText('v1.30.5+k3s1').first().waitFor();
  await row('Shanghai plant 1')
    .getByText('watched', { exact: true })
    .waitFor({ timeout: 30_000 });
  // The page scrolls inside Backstage's layout: bring the reporting row into view.
  await row('Shenzhen lab').scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(shots, 'node-groups-watched-and-reporting.png'),
  });
  await page.close();
});
