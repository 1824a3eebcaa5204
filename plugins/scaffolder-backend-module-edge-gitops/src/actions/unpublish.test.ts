import {
  actionContext,
  actionFixture,
  application,
  outputsOf,
} from '../__testUtils__/actionFixtures';
import { createPublishAction } from './publish';
import { createUnpublishAction } from './unpublish';
import type { PlacementIndexClient } from './placementIndexClient';

jest.setTimeout(30_000);

describe('edge-gitops:unpublish', () => {
  it('removes the application from every node group that holds it', async () => {
    const f = actionFixture();
    await createPublishAction(f).handler(
      actionContext({ application: application() }) as any,
    );
    const ctx = actionContext({ name: 'kiosk' });
    await createUnpublishAction(f).handler(ctx as any);
    expect(outputsOf(ctx).committed).toEqual(['east-1', 'east-2']);
    expect(
      outputsOf(ctx).results.map((r: any) => `${r.nodeGroup}: ${r.status}`),
    ).toEqual(['east-1: removed', 'east-2: removed']);
    const files = f.git('east-1', 'ls-tree', '-r', '--name-only', 'main');
    expect(files).not.toContain('apps/kiosk');
    expect(f.git('east-1', 'show', 'main:kustomization.yaml')).not.toContain(
      'kiosk',
    );
  });

  it('in a dry run names the node groups that would lose it, and writes nothing', async () => {
    const f = actionFixture();
    await createPublishAction(f).handler(
      actionContext({
        application: application('nginx:1.27', {
          targets: { nodeGroups: ['east-1'] },
        }),
      }) as any,
    );
    const head = f.git('east-1', 'rev-parse', 'main').trim();
    const ctx = actionContext({ name: 'kiosk' }, { isDryRun: true });
    await createUnpublishAction(f).handler(ctx as any);
    expect(outputsOf(ctx).results).toEqual([
      {
        nodeGroup: 'east-1',
        status: 'unchanged',
        reason: 'dry run: would remove apps/kiosk/',
      },
    ]);
    expect(f.git('east-1', 'rev-parse', 'main').trim()).toBe(head);
  });

  it('creates no repository where there is nothing to remove', async () => {
    const f = actionFixture();
    const ctx = actionContext({ name: 'kiosk' });
    await createUnpublishAction(f).handler(ctx as any);
    expect(outputsOf(ctx).results).toEqual([]);
    expect(require('node:fs').existsSync(f.gitdir('east-1'))).toBe(false);
  });

  it('says which node groups refused the person', async () => {
    const f = actionFixture();
    await createPublishAction(f).handler(
      actionContext({ application: application() }) as any,
    );
    const denied = actionFixture({ denied: ['east-2'] });
    const ctx = actionContext({ name: 'kiosk' });
    // Same repositories, a policy that refuses east-2: east-2 keeps the application.
    await createUnpublishAction({ ...denied, publisher: f.publisher }).handler(
      ctx as any,
    );
    expect(outputsOf(ctx).committed).toEqual(['east-1']);
    expect(f.git('east-2', 'ls-tree', '-r', '--name-only', 'main')).toContain(
      'apps/kiosk/',
    );
  });

  it('touches only the node groups the placement index names, and tells it what changed', async () => {
    const f = actionFixture();
    await createPublishAction(f).handler(
      actionContext({ application: application() }) as any,
    );
    const refreshed: string[][] = [];
    const placements: PlacementIndexClient = {
      // The index knows east-2 only (say east-1 was handed to another team by hand).
      holding: async () => new Set(['east-2']),
      refresh: async result => {
        refreshed.push(result.outcomes.map(o => `${o.nodeGroup}: ${o.status}`));
      },
    };
    const ctx = actionContext({ name: 'kiosk' });
    await createUnpublishAction({ ...f, placements }).handler(ctx as any);
    expect(outputsOf(ctx).committed).toEqual(['east-2']);
    expect(refreshed).toEqual([['east-2: removed']]);
    expect(f.git('east-1', 'ls-tree', '-r', '--name-only', 'main')).toContain(
      'apps/kiosk/',
    );
  });

  it('looks at every node group when the index cannot answer', async () => {
    const f = actionFixture();
    await createPublishAction(f).handler(
      actionContext({ application: application() }) as any,
    );
    const placements: PlacementIndexClient = {
      holding: async () => undefined,
      refresh: async () => undefined,
    };
    const ctx = actionContext({ name: 'kiosk' });
    await createUnpublishAction({ ...f, placements }).handler(ctx as any);
    expect(outputsOf(ctx).committed).toEqual(['east-1', 'east-2']);
  });
});
