import { parseAllDocuments } from 'yaml';
import type { EdgeApplication } from '../model/types';
import type { NodeGroup } from '../nodeGroup';
import { resolveTargets } from '../model/targets';
import { checkPlacement } from '../validation/placement';
import { renderApplicationForNodeGroup } from './renderApplication';

const group = (name: string, labels: Record<string, string>): NodeGroup => ({
  name,
  labels,
  git: { url: `repos/${name}.git`, branch: 'main', path: '' },
});
const groups = [
  group('sh-01', { region: 'east', arch: 'arm64', gpu: 'true' }),
  group('sh-02', { region: 'east', arch: 'amd64' }),
  group('gz-01', { region: 'south', arch: 'amd64' }),
];

function app(spec: Partial<EdgeApplication['spec']> = {}): EdgeApplication {
  return {
    apiVersion: 'edge-gitops.io/v1alpha1',
    kind: 'EdgeApplication',
    metadata: { name: 'demo' },
    spec: {
      targets: {
        selector: { matchLabels: { region: 'east' } },
        nodeSelector: { demo: '02' },
      },
      services: [
        {
          name: 'web',
          replicas: 2,
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              env: [{ name: 'A', value: '1' }],
            },
          ],
        },
      ],
      ...spec,
    },
  };
}

describe('resolveTargets', () => {
  it('unites names and selectors, sorted', () => {
    const r = resolveTargets(
      app({
        targets: {
          nodeGroups: ['gz-01'],
          selector: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
        },
      }),
      groups,
    );
    expect(r.nodeGroups.map(g => g.name)).toEqual(['gz-01', 'sh-01']);
    expect(r.unknownNames).toEqual([]);
  });
  it('says which selector matched nothing, and which names do not exist', () => {
    const r = resolveTargets(
      app({
        targets: {
          nodeGroups: ['nope'],
          selector: { matchLabels: { region: 'north' } },
        },
      }),
      groups,
    );
    expect(r.nodeGroups).toEqual([]);
    expect(r.unknownNames).toEqual(['nope']);
    expect(r.emptyBecause).toBe(
      'no node group matches nodeGroups [nope] or selector region=north',
    );
  });
});

describe('renderApplicationForNodeGroup', () => {
  it('merges the second-level node selector into every pod and applies overrides in order', () => {
    const a = app({
      overrides: [
        {
          selector: { matchLabels: { arch: 'arm64' } },
          services: {
            web: {
              image: 'nginx:1.27-arm64',
              replicas: 3,
              env: [{ name: 'B', value: '2' }],
            },
          },
        },
        {
          nodeGroups: ['sh-01'],
          services: {
            web: {
              replicas: 5,
              nodeSelector: { camera: 'yes' },
              env: [{ name: 'A', value: 'override' }],
            },
          },
        },
      ],
    });
    const sh01 = parseAllDocuments(
      renderApplicationForNodeGroup(a, groups[0]).get('web.deployment.yaml')!,
    )[0].toJS();
    expect(sh01.spec.replicas).toBe(5);
    expect(sh01.spec.template.spec.nodeSelector).toEqual({
      demo: '02',
      camera: 'yes',
    });
    expect(sh01.spec.template.spec.containers[0].image).toBe(
      'nginx:1.27-arm64',
    );
    expect(sh01.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: 'override' },
      { name: 'B', value: '2' },
    ]);
    const sh02 = parseAllDocuments(
      renderApplicationForNodeGroup(a, groups[1]).get('web.deployment.yaml')!,
    )[0].toJS();
    expect(sh02.spec.replicas).toBe(2);
    expect(sh02.spec.template.spec.nodeSelector).toEqual({ demo: '02' });
    expect(sh02.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('applies the documented defaults (docs/application.md)', () => {
    const files = renderApplicationForNodeGroup(
      app({
        services: [
          { name: 'w', containers: [{ name: 'w', image: 'busybox:1.36' }] },
          {
            name: 'j',
            kind: 'Job',
            containers: [{ name: 'j', image: 'busybox:1.36' }],
          },
        ],
      }),
      groups[1],
    );
    const d = parseAllDocuments(files.get('w.deployment.yaml')!)[0].toJS();
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(d.metadata.namespace).toBe('default');
    const j = parseAllDocuments(files.get('j.job.yaml')!)[0].toJS();
    expect([
      j.spec.completions,
      j.spec.parallelism,
      j.spec.backoffLimit,
    ]).toEqual([1, 1, 6]);
    expect(j.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('serialises values as data: a value full of YAML stays one value in one document', () => {
    const evil =
      'x\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n"key": value';
    const files = renderApplicationForNodeGroup(
      app({
        services: [
          {
            name: 'w',
            annotations: { note: evil },
            containers: [
              {
                name: 'w',
                image: 'busybox:1.36',
                args: [evil],
                env: [{ name: 'E', value: evil }],
              },
            ],
          },
        ],
      }),
      groups[1],
    );
    const docs = parseAllDocuments(files.get('w.deployment.yaml')!);
    expect(docs).toHaveLength(1);
    const d = docs[0].toJS();
    expect(d.kind).toBe('Deployment');
    expect(d.metadata.annotations.note).toBe(evil);
    expect(d.spec.template.spec.containers[0].args).toEqual([evil]);
    expect(d.spec.template.spec.containers[0].env[0].value).toBe(evil);
  });

  it('is byte-identical for the same input and lists every file in the kustomization', () => {
    const a = app({
      services: [
        {
          name: 'web',
          containers: [{ name: 'web', image: 'nginx:1.27' }],
          expose: { ports: [{ port: 80 }, { port: 443, protocol: 'TCP' }] },
        },
      ],
    });
    const first = renderApplicationForNodeGroup(a, groups[1]);
    const second = renderApplicationForNodeGroup(
      JSON.parse(JSON.stringify(a)),
      groups[1],
    );
    expect([...second.entries()]).toEqual([...first.entries()]);
    expect([...first.keys()]).toEqual([
      'application.yaml',
      'kustomization.yaml',
      'web.deployment.yaml',
      'web.service.yaml',
    ]);
    const k = parseAllDocuments(first.get('kustomization.yaml')!)[0].toJS();
    expect(k.resources).toEqual(['web.deployment.yaml', 'web.service.yaml']);
    const svc = parseAllDocuments(first.get('web.service.yaml')!)[0].toJS();
    expect(svc.spec.ports.map((p: any) => p.name)).toEqual([
      'tcp-80',
      'tcp-443',
    ]);
  });
});

describe('checkPlacement', () => {
  const other: EdgeApplication = {
    apiVersion: 'edge-gitops.io/v1alpha1',
    kind: 'EdgeApplication',
    metadata: { name: 'other' },
    spec: {
      targets: { nodeGroups: ['sh-02'] },
      services: [
        {
          name: 'web',
          containers: [
            {
              name: 'x',
              image: 'busybox:1.36',
              ports: [{ containerPort: 80, hostPort: 8080 }],
            },
          ],
        },
      ],
    },
  };
  it('refuses a service name and a host port that another application uses, naming it', () => {
    const mine = app({
      services: [
        {
          name: 'web',
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, hostPort: 8080 }],
            },
          ],
        },
      ],
    });
    const problems = checkPlacement(mine, groups[1], [other]);
    expect(problems.map(p => p.message)).toEqual([
      'service web is already deployed to node group sh-02 by application other in namespace default',
      'host port 8080/TCP is already used in node group sh-02 by application other (service web)',
    ]);
    expect(problems[1].path).toBe(
      'spec.services[0].containers[0].ports[0].hostPort',
    );
  });
  it('refuses an image whose architectures miss the node group arch', () => {
    const mine = app({
      services: [
        {
          name: 'x',
          containers: [
            { name: 'x', image: 'nginx:1.27', architectures: ['amd64'] },
          ],
        },
      ],
    });
    expect(checkPlacement(mine, groups[0], [])[0].message).toMatch(
      /built for amd64, but node group sh-01 is arm64/,
    );
    expect(checkPlacement(mine, groups[1], [])).toEqual([]);
  });
});
