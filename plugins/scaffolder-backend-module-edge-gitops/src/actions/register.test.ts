import fs from 'node:fs';
import path from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'yaml';
import { ensureApplicationCatalogFolder } from '@edge-gitops/plugin-edge-gitops-node';
import {
  actionContext,
  actionFixture,
  outputsOf,
} from '../__testUtils__/actionFixtures';
import { createRegisterAction } from './register';

const input = {
  name: 'kiosk',
  description: 'Store kiosk',
  owner: 'group:default/shop',
};

describe('edge-gitops:register', () => {
  it('writes the Component with the application annotation and refreshes the catalog location', async () => {
    const { dataDir } = actionFixture();
    ensureApplicationCatalogFolder(dataDir);
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Location',
          metadata: { name: 'applications', namespace: 'default' },
          spec: {
            type: 'file',
            target: path.join(dataDir, 'catalog', '*.yaml'),
          },
        },
      ],
    });
    const refresh = jest.spyOn(catalog, 'refreshEntity');
    const ctx = actionContext(input);
    await createRegisterAction({ catalog, dataDir }).handler(ctx as any);
    expect(outputsOf(ctx).entityRef).toBe('component:default/kiosk');
    const entity = parse(
      fs.readFileSync(path.join(dataDir, 'catalog/kiosk.yaml'), 'utf8'),
    );
    expect(entity.metadata.annotations).toEqual({
      'edge-gitops.io/application': 'kiosk',
    });
    expect(entity.spec.owner).toBe('group:default/shop');
    expect(refresh).toHaveBeenCalledWith(
      'location:default/applications',
      expect.anything(),
    );
  });

  it('in a dry run only says what it would register', async () => {
    const { dataDir, catalog } = actionFixture();
    const ctx = actionContext(input, { isDryRun: true });
    await createRegisterAction({ catalog, dataDir }).handler(ctx as any);
    expect(outputsOf(ctx).entityRef).toBe('component:default/kiosk');
    expect(fs.existsSync(path.join(dataDir, 'catalog/kiosk.yaml'))).toBe(false);
  });

  it('says how to fix a catalog without the applications location', async () => {
    const { dataDir, catalog } = actionFixture();
    ensureApplicationCatalogFolder(dataDir);
    const ctx = actionContext(input);
    await expect(
      createRegisterAction({ catalog, dataDir }).handler(ctx as any),
    ).rejects.toThrow('add it to catalog.locations in app-config');
  });
});
