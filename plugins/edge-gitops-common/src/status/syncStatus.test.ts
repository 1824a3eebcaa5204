import { commitOfRevision, syncStatusOf } from './syncStatus';

const HEAD = '4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098';
const OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const labels = {
  'app.kubernetes.io/managed-by': 'edge-gitops',
  'edge-gitops.io/node-group': 'sh-01',
};

/** A Flux v1 Kustomization as kustomize-controller reports it. */
function kustomization(status: object, spec: object = {}, extra: object = {}) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'edge-gitops', namespace: 'flux-system', labels },
    spec: {
      interval: '1m',
      path: './',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'edge-gitops' },
      ...spec,
    },
    status,
    ...extra,
  };
}

const fluxReady = (revision: string) => ({
  observedGeneration: 1,
  lastAppliedRevision: `main@sha1:${revision}`,
  lastAttemptedRevision: `main@sha1:${revision}`,
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'ReconciliationSucceeded',
      message: `Applied revision: main@sha1:${revision}`,
      lastTransitionTime: '2026-11-21T10:00:00Z',
    },
  ],
});

/** An Argo CD Application as the application controller reports it. */
function application(status: object) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'edge-gitops-sh-01', namespace: 'argocd', labels },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.com/sh-01.git', path: '.' },
    },
    status,
  };
}

describe('commitOfRevision', () => {
  it.each([
    [`main@sha1:${HEAD}`, HEAD],
    [`main/${HEAD}`, HEAD],
    [`sha1:${HEAD}`, HEAD],
    [HEAD.toUpperCase(), HEAD],
    ['v1.0.0@sha256:abcdef0123456789', undefined],
    ['main', undefined],
    [undefined, undefined],
  ])('%s -> %s', (revision, commit) => {
    expect(commitOfRevision(revision)).toBe(commit);
  });
});

describe('syncStatusOf with Flux', () => {
  it('is Synced when the applied revision is the head', () => {
    expect(
      syncStatusOf('sh-01', [kustomization(fluxReady(HEAD))], HEAD),
    ).toEqual({
      state: 'Synced',
      agent: 'Flux',
      source: 'flux-system/edge-gitops',
      revision: HEAD,
      head: HEAD,
      message: 'Applied 4f1c2a9',
    });
  });

  it('matches an abbreviated head', () => {
    expect(
      syncStatusOf('sh-01', [kustomization(fluxReady(HEAD))], HEAD.slice(0, 7))
        .state,
    ).toBe('Synced');
  });

  it('is Pending while an older revision is applied and nothing failed', () => {
    const s = syncStatusOf('sh-01', [kustomization(fluxReady(OLD))], HEAD);
    expect(s).toMatchObject({ state: 'Pending', revision: OLD });
    expect(s.message).toBe(
      'Applied 0a1b2c3, head is 4f1c2a9: waiting for the next reconciliation',
    );
  });

  it('says reconciliation is suspended', () => {
    expect(
      syncStatusOf(
        'sh-01',
        [kustomization(fluxReady(OLD), { suspend: true })],
        HEAD,
      ).message,
    ).toMatch(/suspended/);
  });

  it('is Failed with the controller message when the head failed to apply', () => {
    const s = syncStatusOf(
      'sh-01',
      [
        kustomization({
          lastAppliedRevision: `main@sha1:${OLD}`,
          lastAttemptedRevision: `main@sha1:${HEAD}`,
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'BuildFailed',
              message:
                'kustomize build failed: accumulating resources: apps/web: no such file',
            },
          ],
        }),
      ],
      HEAD,
    );
    expect(s).toMatchObject({ state: 'Failed', revision: OLD });
    expect(s.message).toBe(
      'BuildFailed: kustomize build failed: accumulating resources: apps/web: no such file',
    );
  });

  it('is Pending, not Failed, while a dependency is not ready', () => {
    const s = syncStatusOf(
      'sh-01',
      [
        kustomization({
          lastAppliedRevision: `main@sha1:${OLD}`,
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'DependencyNotReady',
              message: "dependency 'flux-system/infra' is not ready",
            },
          ],
        }),
      ],
      HEAD,
    );
    expect(s.state).toBe('Pending');
    expect(s.message).toMatch(/waiting for a dependency/);
  });

  it('is Pending when nothing was applied yet', () => {
    expect(syncStatusOf('sh-01', [kustomization({})], HEAD)).toMatchObject({
      state: 'Pending',
      message: 'Nothing applied yet: waiting for the next reconciliation',
    });
  });

  it('is Unknown without the head, still giving the applied revision', () => {
    expect(
      syncStatusOf('sh-01', [kustomization(fluxReady(OLD))], undefined),
    ).toMatchObject({ state: 'Unknown', revision: OLD });
  });

  it('prefers the Kustomization labelled with this node group and ignores other groups', () => {
    const other = kustomization(
      fluxReady(OLD),
      {},
      {
        metadata: {
          name: 'other',
          namespace: 'flux-system',
          labels: { ...labels, 'edge-gitops.io/node-group': 'sh-02' },
        },
      },
    );
    const unlabelled = kustomization(
      fluxReady(OLD),
      {},
      {
        metadata: { name: 'a-first-by-name', namespace: 'flux-system' },
      },
    );
    const mine = kustomization(fluxReady(HEAD));
    const s = syncStatusOf('sh-01', [other, unlabelled, mine], HEAD);
    expect(s).toMatchObject({
      state: 'Synced',
      source: 'flux-system/edge-gitops',
    });
    expect(syncStatusOf('sh-01', [other], HEAD).state).toBe('Unknown');
  });

  it('is Unknown while the Kustomization is being deleted', () => {
    const k = kustomization(
      fluxReady(HEAD),
      {},
      {
        metadata: {
          name: 'edge-gitops',
          namespace: 'flux-system',
          labels,
          deletionTimestamp: '2026-11-21T10:00:00Z',
        },
      },
    );
    expect(syncStatusOf('sh-01', [k], HEAD).state).toBe('Unknown');
  });
});

describe('syncStatusOf with Argo CD', () => {
  it('is Synced at the head', () => {
    expect(
      syncStatusOf(
        'sh-01',
        [
          application({
            sync: { status: 'Synced', revision: HEAD },
            health: { status: 'Healthy' },
            operationState: {
              phase: 'Succeeded',
              message: 'successfully synced (all tasks run)',
              syncResult: { revision: HEAD },
            },
          }),
        ],
        HEAD,
      ),
    ).toMatchObject({
      state: 'Synced',
      agent: 'Argo CD',
      source: 'argocd/edge-gitops-sh-01',
    });
  });

  it('is Pending while OutOfSync or behind', () => {
    const s = syncStatusOf(
      'sh-01',
      [
        application({
          sync: { status: 'OutOfSync', revision: OLD },
          operationState: { phase: 'Running', message: 'waiting for healthy' },
        }),
      ],
      HEAD,
    );
    expect(s).toMatchObject({ state: 'Pending', revision: OLD });
    expect(s.message).toBe('OutOfSync at 0a1b2c3, head is 4f1c2a9: syncing');
  });

  it('is Failed with the operation message when the sync of the head failed', () => {
    const s = syncStatusOf(
      'sh-01',
      [
        application({
          sync: { status: 'OutOfSync', revision: HEAD },
          operationState: {
            phase: 'Failed',
            message:
              'one or more objects failed to apply, reason: Deployment.apps "web" is invalid',
            syncResult: { revision: HEAD },
          },
        }),
      ],
      HEAD,
    );
    expect(s.state).toBe('Failed');
    expect(s.message).toMatch(/^Sync failed: one or more objects failed/);
  });

  it('is Failed on a ComparisonError condition', () => {
    expect(
      syncStatusOf(
        'sh-01',
        [
          application({
            sync: { status: 'Unknown' },
            conditions: [
              {
                type: 'ComparisonError',
                message: 'rpc error: repository not accessible',
              },
            ],
          }),
        ],
        HEAD,
      ),
    ).toMatchObject({
      state: 'Failed',
      message: 'ComparisonError: rpc error: repository not accessible',
    });
  });
});

it('is Unknown when the cluster has no agent object', () => {
  expect(syncStatusOf('sh-01', [], HEAD)).toMatchObject({
    state: 'Unknown',
    head: HEAD,
  });
});
