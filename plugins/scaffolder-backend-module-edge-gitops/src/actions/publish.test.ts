import fs from 'node:fs';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  actionContext,
  actionFixture,
  application,
  checkpointStore,
  nodeGroupEntity,
  outputsOf,
} from '../__testUtils__/actionFixtures';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { toYaml } from '@edge-gitops/plugin-edge-gitops-common';
import { createPublishAction } from './publish';

jest.setTimeout(30_000);

/** The catalog Component of the "kiosk" application the tests publish. */
const kioskComponent = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'kiosk',
    namespace: 'default',
    annotations: { 'edge-gitops.io/application': 'kiosk' },
  },
  spec: { type: 'edge-application', owner: 'group:default/platform' },
};

describe('edge-gitops:publish', () => {
  it('in a dry run checks targets, permissions and rendering, and writes nothing', async () => {
    const f = actionFixture({ denied: ['east-2'] });
    const action = createPublishAction(f);
    const ctx = actionContext(
      { application: application() },
      { isDryRun: true },
    );
    await action.handler(ctx as any);
    const { results, committed } = outputsOf(ctx);
    expect(results).toEqual([
      {
        nodeGroup: 'east-1',
        status: 'unchanged',
        reason: 'dry run: would write 3 files to apps/kiosk/',
      },
      {
        nodeGroup: 'east-2',
        status: 'failed',
        reason:
          'you are not allowed to deploy to node group east-2 (permission edge-gitops.node-group.deploy)',
      },
    ]);
    expect(committed).toEqual([]);
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
  });

  it('commits into every targeted node group and, when the task is retried after the checkpoint, does not publish again', async () => {
    const f = actionFixture();
    const publish = jest.spyOn(f.publisher, 'publish');
    const action = createPublishAction(f);
    const checkpoint = checkpointStore();
    const first = actionContext({ application: application() }, { checkpoint });
    await action.handler(first as any);
    expect(outputsOf(first).committed).toEqual(['east-1', 'east-2']);
    const head = f.git('east-1', 'rev-parse', 'main').trim();
    expect(f.git('east-1', 'log', '-1', '--format=%B', 'main')).toContain(
      'Requested-by: user:default/alice',
    );

    // The same task run again (a backend restart mid-task): same outputs, no second publish.
    const retried = actionContext(
      { application: application() },
      { checkpoint },
    );
    await action.handler(retried as any);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(outputsOf(retried).results).toEqual(outputsOf(first).results);
    expect(f.git('east-1', 'rev-parse', 'main').trim()).toBe(head);
  });

  it('in review mode outputs the change with the warnings reviewers should see', async () => {
    const f = actionFixture();
    const action = createPublishAction(f);
    const app = application();
    app.spec.services[0] = {
      ...app.spec.services[0],
      hostNetwork: true,
    } as any;
    const ctx = actionContext({ application: app, review: true });
    await action.handler(ctx as any);
    const { review } = outputsOf(ctx);
    expect(review).toContain('## edge-gitops: kiosk');
    expect(review).toContain('### For reviewers');
    expect(review).toMatch(/- `spec\.services\[0\]\.hostNetwork`: /);
    // Local repositories have no git host to open a pull request on: the output says so.
    expect(outputsOf(ctx).pullRequests).toEqual([
      expect.objectContaining({
        nodeGroups: ['east-1'],
        skipped: expect.stringContaining('integration in app-config'),
      }),
      expect.objectContaining({ nodeGroups: ['east-2'] }),
    ]);
  });

  it('with failOnError: false reports a refused node group and commits to the others', async () => {
    const f = actionFixture({ denied: ['east-2'] });
    const action = createPublishAction(f);
    const ctx = actionContext({
      application: application(),
      failOnError: false,
    });
    await action.handler(ctx as any);
    const { results, committed, summary } = outputsOf(ctx);
    expect(committed).toEqual(['east-1']);
    expect(results[1]).toMatchObject({ nodeGroup: 'east-2', status: 'failed' });
    expect(summary).toContain('| east-2 | failed |');
    expect(fs.existsSync(f.gitdir('east-2'))).toBe(false);
  });

  it('fails the step with NotAllowedError when only permissions were refused', async () => {
    const f = actionFixture({ denied: ['east-1', 'east-2'] });
    const action = createPublishAction(f);
    const ctx = actionContext({ application: application() });
    await expect(action.handler(ctx as any)).rejects.toThrow(NotAllowedError);
  });

  it('refuses an invalid application with every problem at its field, writing nothing', async () => {
    const f = actionFixture();
    const action = createPublishAction(f);
    const ctx = actionContext({ application: application('nginx 1.27') });
    const failure = action.handler(ctx as any);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      'spec.services[0].containers[0].image: must be an image reference without spaces',
    );
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
  });

  it('reserves host access: refused where the template does not allow it and for people without the permission, writing nothing', async () => {
    const f = actionFixture();
    const action = createPublishAction(f);
    const app = application('nginx:1.27', {
      services: [
        {
          name: 'kiosk',
          hostNetwork: true,
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              securityContext: { privileged: true },
            },
          ],
        },
      ],
    });
    const failure = action.handler(
      actionContext({ application: app, hostAccess: false }) as any,
    );
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      'spec.services[0].hostNetwork: the host network needs host access, which this template does not allow you\n' +
        '  spec.services[0].containers[0].securityContext.privileged: privileged container',
    );
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
    // Where the template allows it, the permission decides: denied, nothing is written...
    f.permissions.authorize.mockImplementation(async (requests: any[]) =>
      requests.map(r => ({
        result:
          r.permission.name === 'edge-gitops.application.host-access'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const denied = action.handler(
      actionContext({ application: app, hostAccess: true }) as any,
    );
    await expect(denied).rejects.toThrow(NotAllowedError);
    await expect(denied).rejects.toThrow(
      'you are not allowed host access (permission edge-gitops.application.host-access): spec.services[0].hostNetwork, spec.services[0].containers[0].securityContext.privileged',
    );
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
    // ...allowed, it is published.
    f.permissions.authorize.mockImplementation(async (requests: any[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    await action.handler(
      actionContext({ application: app, hostAccess: true }) as any,
    );
    expect(fs.existsSync(f.gitdir('east-1'))).toBe(true);
  });

  describe('create: true (the create templates)', () => {
    it('refuses a name git already holds, at metadata.name, and writes nothing', async () => {
      const f = actionFixture();
      const action = createPublishAction(f);
      await action.handler(
        actionContext({ application: application() }) as any,
      );
      const head = f.git('east-1', 'rev-parse', 'main').trim();
      // Someone creates "kiosk" again, with another image and only one target.
      const again = application('nginx:1.28');
      again.spec.targets = { nodeGroups: ['east-2'] } as any;
      await expect(
        action.handler(
          actionContext({ application: again, create: true }) as any,
        ),
      ).rejects.toThrow(
        new InputError(
          'metadata.name: an application named "kiosk" already exists (in git: east-1, east-2); creating never replaces one: choose another name, or change the existing application',
        ),
      );
      expect(f.git('east-1', 'rev-parse', 'main').trim()).toBe(head);
      expect(
        f.git('east-1', 'show', 'main:apps/kiosk/kiosk.deployment.yaml'),
      ).toContain('nginx:1.27');
    });

    it('refuses a name the catalog already holds, even in a dry run', async () => {
      const f = actionFixture();
      const catalog = catalogServiceMock({
        entities: [
          nodeGroupEntity('east-1', { region: 'east' }),
          nodeGroupEntity('east-2', { region: 'east' }),
          kioskComponent,
        ],
      });
      const action = createPublishAction({ ...f, catalog });
      await expect(
        action.handler(
          actionContext(
            { application: application(), create: true },
            { isDryRun: true },
          ) as any,
        ),
      ).rejects.toThrow(/in the catalog: component:default\/kiosk/);
      expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
    });

    it('creates a new name, and a retried task does not refuse the application it created', async () => {
      const f = actionFixture();
      const action = createPublishAction(f);
      const checkpoint = checkpointStore();
      const first = actionContext(
        { application: application(), create: true },
        { checkpoint },
      );
      await action.handler(first as any);
      expect(outputsOf(first).committed).toEqual(['east-1', 'east-2']);
      const retried = actionContext(
        { application: application(), create: true },
        { checkpoint },
      );
      await action.handler(retried as any);
      expect(outputsOf(retried).committed).toEqual(['east-1', 'east-2']);
    });
  });

  describe('update: true (edge-update)', () => {
    /** The fixture, with kiosk's Component in the catalog and its update permission. */
    function updateFixture(allowed: boolean) {
      const f = actionFixture();
      const asked: string[] = [];
      const catalog = catalogServiceMock({
        entities: [
          nodeGroupEntity('east-1', { region: 'east' }),
          nodeGroupEntity('east-2', { region: 'east' }),
          kioskComponent,
        ],
      });
      const permissions = {
        authorize: async (requests: any[]) =>
          requests.map(r => {
            asked.push(`${r.permission.name} ${r.resourceRef}`);
            return {
              result:
                r.permission.name === 'edge-gitops.application.update' &&
                !allowed
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            };
          }),
        authorizeConditional: async () => [],
      };
      return { ...f, catalog, permissions: permissions as any, asked };
    }

    it('refuses an application that does not exist, at metadata.name, writing nothing', async () => {
      const f = actionFixture();
      const action = createPublishAction(f);
      await expect(
        action.handler(
          actionContext({ application: application(), update: true }) as any,
        ),
      ).rejects.toThrow(
        new InputError(
          'metadata.name: no application named kiosk to update (neither git nor the catalog holds it); create it with a create template',
        ),
      );
      expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
    });

    it('refuses YAML text that is not one valid EdgeApplication, with the model messages', async () => {
      const f = updateFixture(true);
      const action = createPublishAction(f);
      await expect(
        action.handler(
          actionContext({
            application: toYaml(application('nginx 1.28')),
            update: true,
          }) as any,
        ),
      ).rejects.toThrow(
        'spec.services[0].containers[0].image: must be an image reference without spaces',
      );
      await expect(
        action.handler(
          actionContext({
            application: `${toYaml(application())}---\n${toYaml(
              application(),
            )}`,
            update: true,
          }) as any,
        ),
      ).rejects.toThrow(
        'application: one EdgeApplication document is expected, found 2',
      );
      expect(fs.existsSync(f.gitdir('east-1'))).toBe(false);
    });

    it('publishes the change to every node group when the Component allows it', async () => {
      const f = updateFixture(true);
      const action = createPublishAction(f);
      await action.handler(
        actionContext({ application: application() }) as any,
      );
      // As edge-update sends it: the YAML text the person edited.
      const ctx = actionContext({
        application: toYaml(application('nginx:1.28')),
        update: true,
      });
      await action.handler(ctx as any);
      expect(outputsOf(ctx).committed).toEqual(['east-1', 'east-2']);
      expect(
        f.git('east-1', 'show', 'main:apps/kiosk/kiosk.deployment.yaml'),
      ).toContain('nginx:1.28');
      expect(f.asked).toContain(
        'edge-gitops.application.update component:default/kiosk',
      );
    });

    it('refuses people the Component does not allow, before anything is written', async () => {
      const f = updateFixture(false);
      const action = createPublishAction(f);
      await action.handler(
        actionContext({ application: application() }) as any,
      );
      const head = f.git('east-1', 'rev-parse', 'main').trim();
      await expect(
        action.handler(
          actionContext({
            application: application('nginx:1.28'),
            update: true,
          }) as any,
        ),
      ).rejects.toThrow(
        new NotAllowedError(
          'you are not allowed to change application kiosk (permission edge-gitops.application.update on component:default/kiosk)',
        ),
      );
      expect(f.git('east-1', 'rev-parse', 'main').trim()).toBe(head);
    });
  });
});
