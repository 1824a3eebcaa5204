import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ensureApplicationCatalogFolder } from '@edge-gitops/plugin-edge-gitops-node';
import {
  actionContext,
  actionFixture,
  outputsOf,
} from '../__testUtils__/actionFixtures';
import { createUnregisterAction } from './unregister';

function component(name: string, location: string, uid: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      uid,
      annotations: {
        'edge-gitops.io/application': 'kiosk',
        'backstage.io/managed-by-location': location,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/shop',
    },
  };
}

/** The Component edge-gitops:register wrote, and one a repository defines for the same application. */
function setup(decision: AuthorizeResult = AuthorizeResult.ALLOW) {
  const { dataDir } = actionFixture();
  const file = path.join(ensureApplicationCatalogFolder(dataDir), 'kiosk.yaml');
  fs.writeFileSync(file, 'kind: Component\n');
  const catalog = catalogServiceMock({
    entities: [
      component('kiosk', `file:${file}`, 'uid-registered'),
      component(
        'kiosk-docs',
        'url:https://git.example.com/shop/kiosk/catalog-info.yaml',
        'uid-elsewhere',
      ),
    ],
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(() => ({ result: decision })),
  } as any);
  const action = createUnregisterAction({ catalog, permissions, dataDir });
  return { dataDir, file, catalog, permissions, action };
}

describe('edge-gitops:unregister', () => {
  it('removes the Component it registered, file and entity, and names the one defined elsewhere', async () => {
    const { file, catalog, permissions, action } = setup();
    const ctx = actionContext({ name: 'kiosk' });
    await action.handler(ctx as any);
    expect(outputsOf(ctx)).toEqual({
      removed: ['component:default/kiosk'],
      kept: [
        {
          entityRef: 'component:default/kiosk-docs',
          reason:
            'defined at url:https://git.example.com/shop/kiosk/catalog-info.yaml: remove it there',
        },
      ],
    });
    expect(fs.existsSync(file)).toBe(false);
    const left = await catalog.getEntities({}, { credentials: {} as any });
    expect(left.items.map(e => e.metadata.name)).toEqual(['kiosk-docs']);
    // The catalog's own delete permission, on the entity, for the person who ran it.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'catalog.entity.delete',
          }),
          resourceRef: 'component:default/kiosk',
        }),
      ],
      expect.anything(),
    );
  });

  it('refuses someone without the delete permission and changes nothing', async () => {
    const { file, catalog, action } = setup(AuthorizeResult.DENY);
    await expect(
      action.handler(actionContext({ name: 'kiosk' }) as any),
    ).rejects.toThrow(
      'you may not remove component:default/kiosk from the catalog',
    );
    expect(fs.existsSync(file)).toBe(true);
    const left = await catalog.getEntities({}, { credentials: {} as any });
    expect(left.items).toHaveLength(2);
  });

  it('in a dry run only says what it would remove', async () => {
    const { file, catalog, action } = setup();
    const ctx = actionContext({ name: 'kiosk' }, { isDryRun: true });
    await action.handler(ctx as any);
    expect(outputsOf(ctx).removed).toEqual(['component:default/kiosk']);
    expect(fs.existsSync(file)).toBe(true);
    expect(
      (await catalog.getEntities({}, { credentials: {} as any })).items,
    ).toHaveLength(2);
  });
});
