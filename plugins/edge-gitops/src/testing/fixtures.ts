import type { Entity } from '@backstage/catalog-model';
import type { EdgeGitopsApi } from '../api/EdgeGitopsApi';

/** Answers shaped like the backend's, for component tests. */
export const api: EdgeGitopsApi = {
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
        status: 'Current',
        summary: '1 of 1 node groups current',
        nodeGroups: [],
      },
      {
        application: 'web',
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
  getPlacements: async () => ({
    items: [
      {
        nodeGroup: 'sh-01',
        published: true,
        head: 'abc',
        files: ['application.yaml'],
      },
      { nodeGroup: 'sh-02', published: false, head: null, files: [] },
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
