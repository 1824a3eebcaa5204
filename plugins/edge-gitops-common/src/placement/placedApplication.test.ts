import type { EdgeApplication } from '../model/types';
import { nodeGroupFromEntity } from '../nodeGroup';
import { renderApplicationForNodeGroup } from '../render/renderApplication';
import { placedApplication } from './placedApplication';

const group = nodeGroupFromEntity({
  kind: 'Resource',
  metadata: {
    name: 'sz-01',
    labels: { arch: 'arm64' },
    annotations: { 'edge-gitops.io/repo-url': 'repos/sz.git' },
  },
  spec: { type: 'edge-node-group' },
});

describe('placedApplication', () => {
  it('reads workloads, images and host ports from the files publishing writes', () => {
    const app: EdgeApplication = {
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'camera', namespace: 'video' },
      spec: {
        targets: { nodeGroups: ['sz-01'] },
        services: [
          {
            name: 'ingest',
            kind: 'DaemonSet',
            hostNetwork: true,
            initContainers: [{ name: 'wait', image: 'busybox:1.36' }],
            containers: [
              {
                name: 'ingest',
                image: 'registry.local/ingest:2.1',
                ports: [{ containerPort: 554, protocol: 'UDP' }],
              },
            ],
          },
          {
            name: 'api',
            containers: [
              {
                name: 'api',
                image: 'registry.local/api:1.0',
                ports: [{ containerPort: 8080, hostPort: 18080 }],
              },
            ],
          },
          {
            name: 'nightly',
            kind: 'CronJob',
            cronJob: { schedule: '0 3 * * *' },
            containers: [{ name: 'nightly', image: 'registry.local/job:3' }],
          },
        ],
      },
    };
    const files = renderApplicationForNodeGroup(app, group);
    const placed = placedApplication('camera', files);
    expect(placed).toEqual({
      application: 'camera',
      files: [...files.keys()].sort(),
      workloads: [
        { kind: 'CronJob', name: 'nightly', namespace: 'video' },
        { kind: 'DaemonSet', name: 'ingest', namespace: 'video' },
        { kind: 'Deployment', name: 'api', namespace: 'video' },
      ],
      images: [
        'busybox:1.36',
        'registry.local/api:1.0',
        'registry.local/ingest:2.1',
        'registry.local/job:3',
      ],
      hostPorts: ['554/UDP', '18080/TCP'],
    });
  });

  it('follows hand-written manifests: several documents, the kustomization namespace, and skips what does not parse', () => {
    const files = new Map([
      [
        'kustomization.yaml',
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: edge\nresources: [all.yaml]\n',
      ],
      [
        'all.yaml',
        [
          'apiVersion: apps/v1',
          'kind: StatefulSet',
          'metadata:',
          '  name: db',
          '  namespace: ignored-by-kustomize',
          '  labels: { app.kubernetes.io/part-of: shop }',
          'spec:',
          '  template:',
          '    spec:',
          '      containers: [{ name: db, image: "postgres:17" }]',
          '---',
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: stray }',
          'spec: { template: { spec: { containers: [{ name: x, image: "x:1" }] } } }',
          '---',
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: { name: settings }',
        ].join('\n'),
      ],
      ['broken.yaml', 'kind: Deployment\nmetadata: [unclosed\n'],
      ['README.md', '# notes'],
    ]);
    expect(placedApplication('shop', files)).toEqual({
      application: 'shop',
      files: ['README.md', 'all.yaml', 'broken.yaml', 'kustomization.yaml'],
      // The Deployment without the part-of label is not one the status rules follow.
      workloads: [{ kind: 'StatefulSet', name: 'db', namespace: 'edge' }],
      images: ['postgres:17', 'x:1'],
      hostPorts: [],
    });
  });
});
