import type express from 'express';
import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  edgeGitopsReporterManagePermission,
  NodeGroup,
  NodeGroupReport,
  NodeGroupReportAnswer,
  nodeGroupReportProblem,
  ReporterTokenIssuedResponse,
  ReporterTokenListResponse,
  reporterManifests,
  toYaml,
} from '@edge-gitops/plugin-edge-gitops-common';
import type { ReportFeed } from './ReportFeed';
import type { ReporterTokens } from './ReporterTokens';
import type { ReportStore } from './ReportStore';

/** The path reporters post to: allowed without a Backstage token (the reporter's own is checked). */
export const REPORTS_PATH = '/node-groups/:name/reports';

/** The secret of `Authorization: Bearer <token>`, or undefined. */
function bearer(req: express.Request): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Reports from reporters in edge clusters, and the tokens they send them with
 * (docs/reporters.md). Issuing, listing and revoking tokens needs the reporter permission
 * on the node group's entity; a report needs a live token of that node group.
 */
export function reportRoutes(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    logger: LoggerService;
    tokens: ReporterTokens;
    store: ReportStore;
    feed: ReportFeed;
    nodeGroups: (credentials: any) => Promise<NodeGroup[]>;
    /** How reporters reach this backend and which image they run (reporterManifests). */
    reporter: { backendUrl: string; image: string };
  },
): void {
  router.post(REPORTS_PATH, async (req, res) => {
    const nodeGroup = req.params.name;
    const token = bearer(req);
    if (!token || !(await deps.tokens.verify(nodeGroup, token))) {
      // Logged without the token: only that a report was refused, and for which node group.
      deps.logger.warn(
        `refused a report for node group ${JSON.stringify(
          nodeGroup,
        )}: missing, wrong or revoked reporter token (from ${req.ip})`,
      );
      throw new AuthenticationError(
        'a live reporter token of this node group is required',
      );
    }
    const problem = nodeGroupReportProblem(req.body);
    if (problem) throw new InputError(`report: ${problem}`);
    const { stored, ...answer } = await deps.store.apply(
      nodeGroup,
      req.body as NodeGroupReport,
      deps.feed.held(nodeGroup),
    );
    if (stored) deps.feed.took(stored);
    const body: NodeGroupReportAnswer = answer;
    res.status(answer.accepted ? 200 : 409).json(body);
  });

  /** The node group, if the caller sees it and may manage its reporter. */
  const managed = async (req: express.Request) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const nodeGroup = req.params.name;
    const visible = await deps.nodeGroups(credentials);
    if (!visible.some(g => g.name === nodeGroup))
      throw new NotFoundError(`no node group ${JSON.stringify(nodeGroup)}`);
    const [decision] = await deps.permissions.authorize(
      [
        {
          permission: edgeGitopsReporterManagePermission,
          resourceRef: `resource:default/${nodeGroup}`,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `you may not manage the reporter of node group ${nodeGroup} (permission ${edgeGitopsReporterManagePermission.name})`,
      );
    return { nodeGroup, user: credentials.principal.userEntityRef };
  };

  router.get('/node-groups/:name/reporter-tokens', async (req, res) => {
    const { nodeGroup } = await managed(req);
    const body: ReporterTokenListResponse = {
      items: await deps.tokens.list(nodeGroup),
      manifests: reporterManifests(nodeGroup, deps.reporter)
        .map(m => toYaml(m))
        .join('---\n'),
    };
    res.json(body);
  });

  router.post('/node-groups/:name/reporter-tokens', async (req, res) => {
    const { nodeGroup, user } = await managed(req);
    const body: ReporterTokenIssuedResponse = await deps.tokens.issue(
      nodeGroup,
      user,
    );
    deps.logger.info(
      `${user} issued reporter token ${body.item.id} for node group ${nodeGroup}`,
    );
    await deps.feed.refresh({ force: true });
    res.status(201).json(body);
  });

  router.delete('/node-groups/:name/reporter-tokens/:id', async (req, res) => {
    const { nodeGroup, user } = await managed(req);
    if (!(await deps.tokens.revoke(nodeGroup, req.params.id)))
      throw new NotFoundError(
        `node group ${nodeGroup} has no reporter token ${JSON.stringify(
          req.params.id,
        )}`,
      );
    deps.logger.info(
      `${user} revoked reporter token ${req.params.id} of node group ${nodeGroup}`,
    );
    await deps.feed.refresh({ force: true });
    res.status(204).end();
  });
}
