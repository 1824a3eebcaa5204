import type express from 'express';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type {
  BatchJobCreatedResponse,
  BatchJobDetail,
  BatchJobListResponse,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { BatchJobService } from './BatchJobService';
import type { Request } from './BatchJobStore';

/** `/batch-jobs` (docs/http-api.md): authenticate, hand to the service, answer. */
export function batchRoutes(
  router: express.Router,
  service: BatchJobService,
  httpAuth: HttpAuthService,
) {
  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/batch-jobs', async (req, res) => {
    const body: BatchJobCreatedResponse = await service.create(
      req.body,
      await caller(req),
    );
    res.status(201).json(body);
  });

  router.get('/batch-jobs', async (req, res) => {
    await caller(req);
    const body: BatchJobListResponse = await service.list(req.query);
    res.json(body);
  });

  router.get('/batch-jobs/:id', async (req, res) => {
    await caller(req);
    const body: BatchJobDetail = await service.get(req.params.id);
    res.json(body);
  });

  router.post(
    '/batch-jobs/:id/:request(stop|continue|retry)',
    async (req, res) => {
      const body: BatchJobDetail = await service.request(
        req.params.id,
        req.params.request as Request,
        await caller(req),
      );
      res.json(body);
    },
  );
}
