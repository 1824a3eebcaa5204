#!/usr/bin/env node
// Render benchmark: validate + render N applications of S services each over M node groups.
// Prints services rendered per second and peak memory. Usage: node bench/render.cjs [N] [S] [M]
require('@backstage/cli/config/nodeTransform.cjs');
const {
  validateApplication,
  renderApplicationForNodeGroup,
  resolveTargets,
} = require('../plugins/edge-gitops-common/src');

const [N = 200, S = 5, M = 50] = process.argv.slice(2).map(Number);

const groups = Array.from({ length: M }, (_, i) => ({
  name: `ng-${String(i).padStart(4, '0')}`,
  labels: { region: i % 2 ? 'east' : 'south', arch: i % 3 ? 'amd64' : 'arm64' },
  git: { url: `repos/ng-${i}.git`, branch: 'main', path: '' },
}));

function application(n) {
  const kinds = ['Deployment', 'DaemonSet', 'Job', 'CronJob'];
  return {
    apiVersion: 'edge-gitops.io/v1alpha1',
    kind: 'EdgeApplication',
    metadata: { name: `app-${n}`, description: 'benchmark application' },
    spec: {
      targets: { selector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['east', 'south'] }] }, nodeSelector: { edge: 'true' } },
      services: Array.from({ length: S }, (_, s) => {
        const kind = kinds[s % kinds.length];
        return {
          name: `svc-${s}`,
          kind,
          ...(kind === 'Deployment' ? { replicas: 2, expose: { ports: [{ port: 80 }] } } : {}),
          ...(kind === 'CronJob' ? { cronJob: { schedule: '*/5 * * * *' } } : {}),
          ...(kind === 'Job' ? { job: { completions: 3, parallelism: 2 } } : {}),
          volumes: [{ name: 'data', emptyDir: {} }],
          containers: [
            {
              name: 'main',
              image: `registry.example.com/team/svc-${s}:1.${n}.0`,
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, { name: 'LEVEL', value: 'info' }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
            },
          ],
        };
      }),
      overrides: [{ selector: { matchLabels: { arch: 'arm64' } }, services: { 'svc-0': { image: 'registry.example.com/team/svc-0:arm64' } } }],
    },
  };
}

let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const apps = Array.from({ length: N }, (_, n) => application(n));
// Warm up the JIT on a small slice so the figure reflects steady state.
for (const app of apps.slice(0, 5)) for (const g of groups.slice(0, 5)) renderApplicationForNodeGroup(app, g);

const t0 = process.hrtime.bigint();
let services = 0;
let bytes = 0;
for (const app of apps) {
  const result = validateApplication(app);
  if (!result.valid) throw new Error(JSON.stringify(result.errors));
  for (const group of resolveTargets(app, groups).nodeGroups) {
    for (const content of renderApplicationForNodeGroup(app, group).values()) bytes += content.length;
    services += app.spec.services.length;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
console.log(
  JSON.stringify({
    benchmark: 'render',
    applications: N,
    servicesPerApplication: S,
    nodeGroups: M,
    servicesRendered: services,
    seconds: Number(seconds.toFixed(3)),
    servicesPerSecond: Math.round(services / seconds),
    megabytesRendered: Number((bytes / 1e6).toFixed(1)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  }),
);
