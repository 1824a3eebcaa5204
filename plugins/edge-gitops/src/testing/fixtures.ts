import type { Entity } from '@backstage/catalog-model';
import type { BatchJobDetail } from '@edge-gitops/plugin-edge-gitops-common';
import type { EdgeGitopsApi } from '../api/EdgeGitopsApi';

/** A job that stopped itself: its canary failed to pull the image. */
export const failedBatchJob: BatchJobDetail = {
  id: '7d0c8a52-3f1e-4d8e-9b7a-0c6f2e1d4a11',
  application: 'web',
  state: 'Failed',
  attempt: 1,
  createdBy: 'user:default/jane',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:03:00Z',
  finishedAt: '2026-12-01T10:03:00Z',
  currentWave: 0,
  waveCount: 2,
  progress: { pending: 0, published: 0, healthy: 0, failed: 1, skipped: 2 },
  options: {
    waves: { canary: 1, size: '50%', waitSeconds: 0 },
    maxUnavailable: 0,
    waveTimeoutSeconds: 600,
    soakSeconds: 30,
    unreachable: 'fail',
  },
  images: ['registry.invalid/edge/web:1.0'],
  waves: [
    {
      index: 0,
      state: 'failed',
      nodeGroups: ['gz-01'],
      startedAt: '2026-12-01T10:00:01Z',
      finishedAt: '2026-12-01T10:03:00Z',
    },
    { index: 1, state: 'pending', nodeGroups: ['sh-01', 'sh-02'] },
  ],
  nodeGroups: [
    {
      name: 'gz-01',
      wave: 0,
      state: 'failed',
      reason: 'web-6d4c-x2x: ImagePullBackOff (registry.invalid: no such host)',
      commit: '1d3ad586eb6071b6151195e70f66badebed33e58',
      attempt: 1,
    },
    {
      name: 'sh-01',
      wave: 1,
      state: 'skipped',
      reason:
        'not started: 1 node group(s) failed, more than maxUnavailable (0)',
      attempt: 1,
    },
    {
      name: 'sh-02',
      wave: 1,
      state: 'skipped',
      reason:
        'not started: 1 node group(s) failed, more than maxUnavailable (0)',
      attempt: 1,
    },
  ],
  events: [
    {
      at: '2026-12-01T10:00:00Z',
      actor: 'user:default/jane',
      action: 'created',
      message: '3 node group(s) in 2 wave(s)',
    },
    {
      at: '2026-12-01T10:03:00Z',
      actor: 'edge-gitops',
      action: 'finished',
      message: 'Failed: 1 node group(s) failed, more than maxUnavailable (0)',
    },
  ],
};

/** Answers shaped like the backend's, for component tests. */
/** The application.yaml git holds for "web". */
export const webApplicationYaml = `apiVersion: edge-gitops.io/v1alpha1
kind: EdgeApplication
metadata:
  name: web
spec:
  targets:
    nodeGroups: [sh-01]
  services:
    - name: web
      kind: Deployment
      containers:
        - name: web
          image: nginx:1.27
`;

export const api: EdgeGitopsApi = {
  listBatchJobs: async () => {
    const { options, images, waves, nodeGroups, events, ...summary } =
      failedBatchJob;
    return { items: [summary], totalCount: 1, offset: 0, limit: 200 };
  },
  getBatchJob: async () => failedBatchJob,
  createBatchJob: async () => ({ id: failedBatchJob.id }),
  requestBatchJob: async () => ({
    ...failedBatchJob,
    state: 'Queued',
    attempt: 2,
  }),
  listReporterTokens: async nodeGroup => ({
    items: [
      {
        id: '5b1e0c2a-0d0f-4a8e-9f8b-1c2d3e4f5a6b',
        nodeGroup,
        createdBy: 'user:default/guest',
        createdAt: '2026-12-01T08:00:00.000Z',
        lastUsedAt: '2026-12-02T07:59:30.000Z',
      },
    ],
    manifests:
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: edge-gitops-system\n',
  }),
  issueReporterToken: async nodeGroup => ({
    token: 'egr_shown-once-secret',
    item: {
      id: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      nodeGroup,
      createdBy: 'user:default/guest',
      createdAt: '2026-12-02T08:00:00.000Z',
    },
  }),
  revokeReporterToken: async () => undefined,
  listNodeGroups: async () => ({
    items: [
      {
        name: 'sh-01',
        title: 'Shanghai plant 1',
        labels: { region: 'east', arch: 'arm64' },
        git: { url: 'repos/sh-01.git', branch: 'main', path: '' },
        repository: { local: true, head: '0123456789abcdef0123' },
        connection: {
          nodeGroup: 'sh-01',
          reachable: true,
          kubernetesVersion: 'v1.31.4+k3s1',
          lastSeen: '2026-11-21T10:00:00Z',
          gitopsAgents: ['Flux'],
        },
        sync: {
          state: 'Failed',
          agent: 'Flux',
          source: 'flux-system/edge-gitops',
          revision: 'fedcba9876543210fedc',
          head: '0123456789abcdef0123',
          message:
            'BuildFailed: kustomize build failed: apps/web: no such file',
        },
      },
    ],
    issues: [
      {
        entity: 'broken',
        message:
          'node group broken: metadata.annotations["edge-gitops.io/repo-url"]: is required',
      },
    ],
  }),
  listApplications: async () => ({
    totalItems: 2,
    offset: 0,
    limit: 50,
    items: [
      {
        application: 'pi',
        publishedTo: 1,
        status: 'Current',
        summary: '1 of 1 node groups current',
        nodeGroups: [],
      },
      {
        application: 'web',
        publishedTo: 1,
        status: 'InProgress',
        summary: '1 of 2 node groups current',
        nodeGroups: [],
      },
    ],
  }),
  listClusters: async () => ({
    items: [
      {
        nodeGroup: 'sh-01',
        reachable: true,
        kubernetesVersion: 'v1.31.4+k3s1',
        lastSeen: '2026-11-21T10:00:00Z',
      },
    ],
  }),
  getApplicationStatus: async () => ({
    application: 'web',
    status: 'InProgress',
    summary: '1 of 2 node groups current',
    items: [
      {
        application: 'web',
        nodeGroup: 'sh-01',
        status: 'Current',
        summary: '1 of 1 current',
        connection: {
          nodeGroup: 'sh-01',
          reachable: true,
          kubernetesVersion: 'v1.31.4+k3s1',
        },
        git: {
          url: 'https://github.com/acme/edge-sh-01.git',
          branch: 'main',
          path: '',
        },
        sync: {
          state: 'Synced',
          agent: 'Flux',
          revision: '4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
          head: '4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
          message: 'Applied 4f1c2a9',
        },
        workloads: [
          {
            kind: 'Deployment',
            name: 'web',
            namespace: 'default',
            status: 'Current',
            message: 'Deployment is available. Replicas: 2',
            ready: 2,
            desired: 2,
            failingPods: [],
            warnings: [],
          },
        ],
      },
      {
        application: 'web',
        nodeGroup: 'sh-02',
        status: 'InProgress',
        summary: '0 of 1 current',
        connection: {
          nodeGroup: 'sh-02',
          reachable: true,
          kubernetesVersion: 'v1.31.4+k3s1',
          simulated: true,
        },
        git: { url: 'repos/sh-02.git', branch: 'main', path: '' },
        sync: {
          state: 'Pending',
          agent: 'Argo CD',
          revision: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
          head: '4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
          message: 'OutOfSync at 0a1b2c3, head is 4f1c2a9: syncing',
        },
        workloads: [
          {
            kind: 'Deployment',
            name: 'web',
            namespace: 'default',
            status: 'InProgress',
            message: 'Available: 1/2',
            ready: 1,
            desired: 2,
            failingPods: [
              {
                pod: 'web-7f9-abc',
                container: 'web',
                reason: 'ImagePullBackOff',
                message: 'Back-off pulling image "nginx:nope"',
              },
            ],
            warnings: [
              {
                object: 'Pod/web-7f9-abc',
                reason: 'Failed',
                message: 'Failed to pull image "nginx:nope": not found',
                count: 4,
                lastSeen: '2026-11-21T10:00:00Z',
              },
            ],
          },
        ],
      },
    ],
  }),
  listNodeGroupApplications: async nodeGroup => ({
    nodeGroup,
    head: '0123456789abcdef0123456789abcdef01234567',
    indexedAt: '2026-11-21T10:00:00Z',
    items: [
      {
        application: 'pi',
        files: ['application.yaml', 'kustomization.yaml', 'pi.job.yaml'],
        workloads: [{ kind: 'Job', name: 'pi', namespace: 'default' }],
        images: ['perl:5.34'],
        hostPorts: [],
      },
      {
        application: 'web',
        files: [
          'application.yaml',
          'kustomization.yaml',
          'web.deployment.yaml',
        ],
        workloads: [{ kind: 'Deployment', name: 'web', namespace: 'default' }],
        images: ['nginx:1.27'],
        hostPorts: ['8080/TCP'],
      },
    ],
  }),
  // What the backend answers for an agent on two node groups: one change for both.
  previewApplication: async (application: any) => ({
    application: application?.metadata?.name ?? '',
    valid: true,
    errors: [],
    warnings: [
      {
        severity: 'warning',
        path: 'spec.services[0].containers[0].securityContext.privileged',
        message: 'privileged: the container has full access to the node',
      },
    ],
    changes: [
      {
        nodeGroups: ['sh-01', 'sh-02'],
        files: [
          {
            path: 'apps/agent/agent.daemonset.yaml',
            status: 'added',
            after:
              'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n',
          },
          {
            path: 'kustomization.yaml',
            status: 'changed',
            before: 'resources: []\n',
            after: 'resources:\n  - apps/agent\n',
          },
        ],
        summary: {
          added: ['agent'],
          changed: [],
          removed: [],
          images: ['edge/agent:1.0'],
        },
        problems: [],
      },
    ],
    unchanged: ['gz-01'],
  }),
  getApplicationDefinition: async (application: string) => ({
    application,
    nodeGroup: 'sh-01',
    commit: '0123456789abcdef0123456789abcdef01234567',
    yaml: webApplicationYaml.replace(
      /^ {2}name: web$/m,
      `  name: ${application}`,
    ),
  }),
  getPlacements: async () => ({
    items: [
      {
        nodeGroup: 'sh-01',
        published: true,
        head: '0123456789abcdef0123456789abcdef01234567',
        files: ['application.yaml', 'web.deployment.yaml'],
        workloads: [{ kind: 'Deployment', name: 'web', namespace: 'default' }],
        images: ['nginx:1.27'],
        hostPorts: ['8080/TCP'],
        indexedAt: '2026-11-21T10:00:00Z',
      },
      {
        nodeGroup: 'sh-02',
        published: false,
        head: null,
        files: [],
        workloads: [],
        images: [],
        hostPorts: [],
        indexedAt: '2026-11-21T10:00:00Z',
      },
    ],
  }),
};

/** A Component standing for the EdgeApplication "web". */
export const webApplication: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    annotations: { 'edge-gitops.io/application': 'web' },
  },
  spec: { type: 'edge-application' },
};
