import express from 'express';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DNS1123_LABEL_HINT,
  isDns1123Label,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  EdgeGitopsConfig,
  listFilesAtBranch,
  resolveBranch,
  resolveLocalRepositoryPath,
} from '@edge-gitops/plugin-edge-gitops-node';
import type { NodeGroupCatalog } from './NodeGroupCatalog';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  nodeGroups: NodeGroupCatalog;
  config: EdgeGitopsConfig;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, nodeGroups, config } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Node groups as the catalog has them, with the head of their git location when local.
  router.get('/node-groups', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const list = await nodeGroups.list(credentials);
    const items = await Promise.all(
      list.nodeGroups.map(async group => {
        const gitdir = resolveLocalRepositoryPath(
          group.git.url,
          config.dataDir,
        );
        const head = gitdir
          ? await resolveBranch(gitdir, group.git.branch).catch(() => undefined)
          : undefined;
        return {
          ...group,
          repository: { local: Boolean(gitdir), head: head ?? null },
        };
      }),
    );
    res.json({ items, issues: list.issues });
  });

  // Which node groups hold apps/<name> in their git location, read from the local repositories.
  router.get('/applications/:name/placements', async (req, res) => {
    const name = req.params.name;
    if (!isDns1123Label(name)) {
      throw new InputError(
        `application name ${JSON.stringify(name)} ${DNS1123_LABEL_HINT}`,
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const list = await nodeGroups.list(credentials);
    const items = await Promise.all(
      list.nodeGroups.map(async group => {
        const gitdir = resolveLocalRepositoryPath(
          group.git.url,
          config.dataDir,
        );
        if (!gitdir)
          return {
            nodeGroup: group.name,
            published: false,
            head: null,
            files: [],
          };
        const folder = [group.git.path, 'apps', name].filter(Boolean).join('/');
        const [head, files] = await Promise.all([
          resolveBranch(gitdir, group.git.branch).catch(() => undefined),
          listFilesAtBranch(gitdir, group.git.branch, folder).catch(() => []),
        ]);
        return {
          nodeGroup: group.name,
          published: files.length > 0,
          head: head ?? null,
          files,
        };
      }),
    );
    res.json({ items });
  });

  return router;
}
