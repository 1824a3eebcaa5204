import type { NodeGroup } from '@edge-gitops/plugin-edge-gitops-common';
import { mockServices } from '@backstage/backend-test-utils';
import { publishedFleet } from '../__testUtils__/publishedFleet';
import { PlacementReconciler } from './PlacementReconciler';
import { applicationPlacements } from './placementViews';

jest.setTimeout(30_000);

describe('the placement index', () => {
  it('holds what each node group location holds, and follows publishes and removals', async () => {
    const fleet = await publishedFleet();
    const { groups, index, reconciler, publisher, app, head } = fleet;
    await reconciler.reconcile(groups);
    expect(await index.forApplication('web')).toEqual([
      {
        nodeGroup: 'east-1',
        application: 'web',
        head,
        files: [
          'application.yaml',
          'kustomization.yaml',
          'web.deployment.yaml',
        ],
        workloads: [{ kind: 'Deployment', name: 'web', namespace: 'default' }],
        images: ['nginx:1.27'],
        hostPorts: [],
      },
    ]);
    const heads = await index.heads();
    // Never published to: no repository, and none was created by reading it.
    expect(heads.get('east-2')).toMatchObject({ head: null, error: null });
    // The remote host does not answer: the reason is kept, nothing is lost.
    expect(heads.get('remote-1')?.error).toMatch(/git\.invalid/);

    // A second publish moves the head: the next pass reads the folder again.
    const moved = await publisher.publish(
      {
        ...app,
        spec: {
          ...app.spec,
          targets: { nodeGroups: ['east-1', 'east-2'] },
          services: [
            {
              name: 'web',
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.28',
                  ports: [{ containerPort: 80, hostPort: 8080 }],
                },
              ],
            },
          ],
        },
      },
      { nodeGroups: groups.slice(0, 2) },
    );
    await reconciler.reconcile(groups);
    const after = await index.forApplication('web');
    expect(
      after.map(p => [p.nodeGroup, p.head, p.images, p.hostPorts]),
    ).toEqual([
      ['east-1', moved.outcomes[0].sha, ['nginx:1.28'], ['8080/TCP']],
      ['east-2', moved.outcomes[1].sha, ['nginx:1.28'], ['8080/TCP']],
    ]);
    expect((await index.published()).get('web')).toEqual(
      new Map([
        ['east-1', [{ kind: 'Deployment', name: 'web', namespace: 'default' }]],
        ['east-2', [{ kind: 'Deployment', name: 'web', namespace: 'default' }]],
      ]),
    );

    // Removal: gone from the index once the heads moved.
    await publisher.unpublish('web', { nodeGroups: groups.slice(0, 2) });
    await reconciler.refresh(groups.slice(0, 2), { reread: true });
    expect(await index.forApplication('web')).toEqual([]);
    expect(
      applicationPlacements(groups, [], await index.heads()).map(p => [
        p.nodeGroup,
        p.published,
        typeof p.indexedAt,
      ]),
    ).toEqual([
      ['east-1', false, 'string'],
      ['east-2', false, 'string'],
      ['remote-1', false, 'string'],
    ]);
  });

  it('reads a folder only when its head moved or its location changed, and forgets node groups that left', async () => {
    const { groups, index, readHead, publisher } = await publishedFleet();
    const read: string[] = [];
    const reconciler = new PlacementReconciler({
      index,
      readHead,
      readContents: g => {
        read.push(g.name);
        return publisher.contents(g);
      },
      logger: mockServices.logger.mock(),
    });
    const local = groups.slice(0, 2);
    await reconciler.reconcile(local);
    expect(read.sort()).toEqual(['east-1', 'east-2']);
    read.length = 0;
    await reconciler.reconcile(local);
    expect(read).toEqual([]);
    // Read requests within minIntervalMs do not even look at the heads.
    await reconciler.refresh(local, { recent: 'skip' });
    expect(read).toEqual([]);

    // The node group now points at another folder of the same repository.
    const movedGroup: NodeGroup = {
      ...local[0],
      git: { ...local[0].git, path: 'clusters/east-1' },
    };
    await reconciler.reconcile([movedGroup, local[1]]);
    expect(read).toEqual(['east-1']);
    expect(await index.forNodeGroup('east-1')).toEqual([]);

    await reconciler.reconcile([local[1]]);
    expect((await index.heads()).has('east-1')).toBe(false);
  });

  it('keeps credentials out of the recorded reason', async () => {
    const { groups, index } = await publishedFleet();
    const logger = mockServices.logger.mock();
    const reconciler = new PlacementReconciler({
      index,
      readHead: async () => ({
        local: false,
        error: 'GET https://bot:s3cret@git.example.com/x.git failed',
      }),
      readContents: async () => ({ applications: [] }),
      logger,
    });
    await reconciler.reconcile(groups.slice(0, 1));
    const { error } = (await index.heads()).get('east-1')!;
    expect(error).toBe('GET https://***@git.example.com/x.git failed');
    expect(JSON.stringify((logger.warn as jest.Mock).mock.calls)).not.toContain(
      's3cret',
    );
  });
});
