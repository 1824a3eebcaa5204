import express from 'express';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DNS1123_LABEL_HINT,
  fuzzyMatch,
  isDns1123Label,
  rollUp,
} from '@edge-gitops/plugin-edge-gitops-common';
import type {
  GitLocation,
  NodeGroup,
} from '@edge-gitops/plugin-edge-gitops-common';
import {
  BranchHead,
  EdgeGitopsConfig,
  listFilesAtBranch,
  resolveLocalRepositoryPath,
} from '@edge-gitops/plugin-edge-gitops-node';
import type { NodeGroupCatalog } from './NodeGroupCatalog';
import type { ClusterStatusService } from './ClusterStatusService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  nodeGroups: NodeGroupCatalog;
  config: EdgeGitopsConfig;
  clusters: ClusterStatusService;
  /** The head of a node group's git location (cached for remote ones). */
  readHead: (location: GitLocation) => Promise<BranchHead>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, nodeGroups, config, clusters, readHead } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Node groups as the catalog has them: the head of their git location, their cluster's
  // connection and whether the cluster applied that head.
  router.get('/node-groups', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const list = await nodeGroups.list(credentials);
    const items = await Promise.all(
      list.nodeGroups.map(async group => {
        const local = Boolean(
          resolveLocalRepositoryPath(group.git.url, config.dataDir),
        );
        const { head, error } = await readHead(group.git);
        return {
          ...group,
          repository: { local, head: head ?? null, error },
          connection: clusters.connection(group.name),
          sync: clusters.sync(group.name, head),
        };
      }),
    );
    res.json({ items, issues: list.issues });
  });

  /** The application name of a request, refused unless it is a DNS-1123 label. */
  const applicationName = (req: express.Request): string => {
    const name = req.params.name;
    if (!isDns1123Label(name)) {
      throw new InputError(
        `application name ${JSON.stringify(name)} ${DNS1123_LABEL_HINT}`,
      );
    }
    return name;
  };

  /** Which node groups hold apps/<name> in their git location, read from the local repositories. */
  const placements = (name: string, groups: readonly NodeGroup[]) =>
    Promise.all(
      groups.map(async group => {
        const gitdir = resolveLocalRepositoryPath(
          group.git.url,
          config.dataDir,
        );
        if (!gitdir)
          return {
            nodeGroup: group.name,
            published: false,
            head: null,
            files: [] as string[],
          };
        const folder = [group.git.path, 'apps', name].filter(Boolean).join('/');
        const [{ head }, files] = await Promise.all([
          readHead(group.git),
          listFilesAtBranch(gitdir, group.git.branch, folder).catch(
            () => [] as string[],
          ),
        ]);
        return {
          nodeGroup: group.name,
          published: files.length > 0,
          head: head ?? null,
          files,
        };
      }),
    );

  router.get('/applications/:name/placements', async (req, res) => {
    const name = applicationName(req);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const list = await nodeGroups.list(credentials);
    res.json({ items: await placements(name, list.nodeGroups) });
  });

  // Cluster reachability: last seen, last error, Kubernetes version.
  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: clusters.clusters() });
  });

  // Applications seen in the clusters, with their roll-up; fuzzy search and pagination.
  router.get('/applications', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const q = String(req.query.q ?? '');
    const offset = Math.max(0, Number(req.query.offset ?? 0) || 0);
    const limit = Math.min(
      200,
      Math.max(1, Number(req.query.limit ?? 50) || 50),
    );
    const all = clusters
      .applications()
      .filter(a => fuzzyMatch(a.application, q));
    res.json({
      items: all.slice(offset, offset + limit),
      totalItems: all.length,
      offset,
      limit,
    });
  });

  // One application per node group it is published to (or seen in), from the cache.
  router.get('/applications/:name/status', async (req, res) => {
    const name = applicationName(req);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { nodeGroups: all } = await nodeGroups.list(credentials);
    const byName = new Map(all.map(g => [g.name, g]));
    const placed = await placements(name, all);
    const groups = [
      ...new Set([
        ...placed.filter(p => p.published).map(p => p.nodeGroup),
        ...clusters.nodeGroupsRunning(name),
      ]),
    ].sort();
    // Local heads came with the placements; remote locations are asked (a node group can
    // run the app from a remote repository).
    const heads = new Map(
      await Promise.all(
        groups.map(async g => {
          const local = placed.find(p => p.nodeGroup === g)?.head;
          const group = byName.get(g);
          const head =
            local ?? (group ? (await readHead(group.git)).head : undefined);
          return [g, head ?? undefined] as const;
        }),
      ),
    );
    const items = clusters.application(name, groups, heads).map(item => ({
      ...item,
      git: byName.get(item.nodeGroup)?.git ?? null,
    }));
    const r = rollUp(items.map(i => i.status));
    res.json({
      application: name,
      status: r.status,
      summary: `${r.counts.Current} of ${items.length} node groups current`,
      items,
    });
  });

  return router;
}
