import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  actionContext,
  actionFixture,
  application,
  outputsOf,
} from '../__testUtils__/actionFixtures';
import { createRenderAction } from './render';

describe('edge-gitops:render', () => {
  it('writes apps/<app>/ of every targeted node group into the workspace', async () => {
    const f = actionFixture();
    const ctx = actionContext({
      application: application(),
      targetPath: 'out',
    });
    await createRenderAction(f).handler(ctx as any);
    expect(outputsOf(ctx)).toEqual({
      nodeGroups: ['east-1', 'east-2'],
      files: 6,
    });
    const deployment = parse(
      fs.readFileSync(
        path.join(
          ctx.workspacePath,
          'out/east-2/apps/kiosk/kiosk.deployment.yaml',
        ),
        'utf8',
      ),
    );
    expect(deployment.metadata.labels['edge-gitops.io/node-group']).toBe(
      'east-2',
    );
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
  });

  it('refuses a targetPath outside the workspace', async () => {
    const f = actionFixture();
    const ctx = actionContext({
      application: application(),
      targetPath: '../x',
    });
    await expect(createRenderAction(f).handler(ctx as any)).rejects.toThrow(
      'targetPath: must stay inside the workspace',
    );
  });

  it('refuses targets that match no node group, showing the selector', async () => {
    const f = actionFixture();
    const app = application();
    app.spec.targets = { selector: { matchLabels: { region: 'west' } } };
    const ctx = actionContext({ application: app });
    await expect(createRenderAction(f).handler(ctx as any)).rejects.toThrow(
      /region=west/,
    );
  });
});
