import express from 'express';
import Router from 'express-promise-router';
import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  ApplicationDefinitionResponse,
  ApplicationPreviewResponse,
  ValidationOptions,
  ApplicationStatusResponse,
  ClusterListResponse,
  NodeGroupListResponse,
  ApplicationListResponse,
  SimulatedClusterResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import { applicationPage } from './applicationList';
import { applicationStatus } from './applicationStatus';
import {
  applicationDefinition,
  ApplicationDocumentReader,
} from './applicationDefinition';
import { ApplicationDiffer, applicationPreview } from './applicationPreview';
import type { ClusterStatusService } from './ClusterStatusService';
import type { NodeGroupCatalog } from './NodeGroupCatalog';
import { nodeGroupItems } from './nodeGroupItems';
import type { HeadReader } from '../placements/headReader';
import type { PlacementIndex } from '../placements/PlacementIndex';
import type { PlacementReconciler } from '../placements/PlacementReconciler';
import { placementRoutes } from '../placements/placementRoutes';
import { applicationNameOf, callerOf } from './requests';
import type { FleetSimulator } from './FleetSimulator';
import { NotFoundError } from '@backstage/errors';
import type { BatchJobService } from '../batch/BatchJobService';
import { batchRoutes } from '../batch/batchRoutes';
import { reportRoutes } from '../reports/reportRoutes';
import type { ReportFeed } from '../reports/ReportFeed';
import type { ReporterTokens } from '../reports/ReporterTokens';
import type { ReportStore } from '../reports/ReportStore';

/** @public */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  nodeGroups: NodeGroupCatalog;
  clusters: ClusterStatusService;
  /** The placement index (what each node group's git location holds) and its upkeep. */
  placements: { index: PlacementIndex; reconciler: PlacementReconciler };
  /** The head of a node group's git location (cached for remote ones). */
  readHead: HeadReader;
  /** An application's application.yaml in a node group's git location. */
  readDocument?: ApplicationDocumentReader;
  /** What publishing would change (the review step's preview). */
  preview?: {
    diff: ApplicationDiffer;
    validation?: ValidationOptions;
  };
  /** The simulated fleet, when edgeGitops.simulator.enabled. */
  simulator?: FleetSimulator;
  /** Batch jobs (docs/batch-jobs.md). */
  batchJobs?: BatchJobService;
  /** Reports from reporters in edge clusters, and their tokens (docs/reporters.md). */
  reports?: {
    store: ReportStore;
    tokens: ReporterTokens;
    feed: ReportFeed;
    permissions: PermissionsService;
    logger: LoggerService;
    reporter: { backendUrl: string; image: string };
  };
}

/**
 * The HTTP API (docs/http-api.md). Each route authenticates, parses, asks a service and
 * answers with a type from the common package, which the frontend client reads.
 *
 * @public
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    nodeGroups,
    clusters,
    placements: { index, reconciler },
    readHead,
    readDocument,
    preview,
    simulator,
    batchJobs,
    reports,
  } = options;
  const caller = callerOf(httpAuth);
  const visibleNodeGroups = async (
    credentials: Parameters<typeof nodeGroups.list>[0],
  ) => (await nodeGroups.list(credentials)).nodeGroups;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Reads answer with what reporters sent, at most a second old (another instance's too).
  if (reports)
    router.use(async (req, _res, next) => {
      if (req.method === 'GET') await reports.feed.refresh();
      next();
    });

  router.get('/node-groups', async (req, res) => {
    const list = await nodeGroups.list(await caller(req));
    const body: NodeGroupListResponse = await nodeGroupItems(list, {
      readHead,
      clusters,
    });
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await caller(req);
    const body: ClusterListResponse = { items: clusters.clusters() };
    res.json(body);
  });

  router.get('/applications', async (req, res) => {
    const groups = await visibleNodeGroups(await caller(req));
    // Applications published from the command line show up as soon as their heads move.
    await reconciler.refresh(groups, { recent: 'skip' });
    const body: ApplicationListResponse = applicationPage(
      clusters.applications(await index.published()),
      req.query,
    );
    res.json(body);
  });

  router.get('/applications/:name/status', async (req, res) => {
    const name = applicationNameOf(req);
    const body: ApplicationStatusResponse = await applicationStatus(
      name,
      await visibleNodeGroups(await caller(req)),
      { index, reconciler, clusters },
    );
    res.json(body);
  });

  router.get('/applications/:name/definition', async (req, res) => {
    const name = applicationNameOf(req);
    if (!readDocument)
      throw new NotFoundError(
        'this backend does not read application documents',
      );
    const body: ApplicationDefinitionResponse = await applicationDefinition(
      name,
      await visibleNodeGroups(await caller(req)),
      { index, readDocument },
    );
    res.json(body);
  });

  // The review step: what publishing this would write, nothing written (a read).
  router.post('/applications/preview', async (req, res) => {
    if (!preview)
      throw new NotFoundError('this backend does not preview publishing');
    const body: ApplicationPreviewResponse = await applicationPreview(
      req.body?.application,
      await visibleNodeGroups(await caller(req)),
      { index, ...preview },
    );
    res.json(body);
  });

  placementRoutes(router, {
    index,
    reconciler,
    caller,
    nodeGroups: visibleNodeGroups,
  });

  // Demos and tests take a simulated cluster offline and back; a person must be signed in.
  router.post(
    '/simulator/clusters/:nodeGroup/:state(offline|online)',
    async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user'] });
      const { nodeGroup, state } = req.params;
      if (!simulator)
        throw new NotFoundError(
          'the simulated fleet is not enabled (edgeGitops.simulator.enabled)',
        );
      if (!simulator.setOffline(nodeGroup, state === 'offline'))
        throw new NotFoundError(
          `node group ${JSON.stringify(nodeGroup)} has no simulated cluster`,
        );
      const body: SimulatedClusterResponse = {
        nodeGroup,
        offline: state === 'offline',
      };
      res.json(body);
    },
  );

  if (batchJobs) batchRoutes(router, batchJobs, httpAuth);
  if (reports)
    reportRoutes(router, {
      ...reports,
      httpAuth,
      nodeGroups: visibleNodeGroups,
    });

  return router;
}
