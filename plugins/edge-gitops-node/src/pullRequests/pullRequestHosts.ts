import type { Config } from '@backstage/config';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import type { GitAuth } from '../git/credentials';
import { redact } from '../git/credentials';

/**
 * One pull (or merge) request to open, or to update when one is open for the same branches.
 *
 * @public
 */
export interface PullRequestRequest {
  /** The node group repository, as its repo-url says. */
  repoUrl: string;
  /** The review branch edge-gitops pushed. */
  branch: string;
  /** The branch the node group syncs. */
  base: string;
  title: string;
  /** Markdown. */
  body: string;
}

/**
 * A pull request after edge-gitops opened or updated it.
 *
 * @public
 */
export interface PullRequestResult {
  url: string;
  number: number;
  action: 'opened' | 'updated';
}

type Json = Record<string, any>;
type Call = (method: string, url: string, body?: unknown) => Promise<any>;

/** The REST calls of one kind of git host: find an open request, open one, update one. */
interface HostApi {
  find(
    req: PullRequestRequest,
  ): Promise<{ number: number; url: string; version?: number } | undefined>;
  open(req: PullRequestRequest): Promise<{ number: number; url: string }>;
  update(
    req: PullRequestRequest,
    found: { number: number; version?: number },
  ): Promise<void>;
}

/** owner/repo (or deeper groups) of a repository URL, without ".git". */
function repoPath(repoUrl: string): string[] {
  return new URL(repoUrl).pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
}

/** The OWNER/REPO of hosts that have exactly that: anything else cannot be asked about. */
function ownerAndRepo(repoUrl: string): [string, string] {
  const parts = repoPath(repoUrl);
  if (parts.length !== 2)
    throw new Error(
      `${redact(
        repoUrl,
      )} does not name OWNER/REPO, so its host cannot be asked for a pull request`,
    );
  return [parts[0], parts[1]];
}

const enc = encodeURIComponent;

/** Per kind of host, from the repository URL and the host's integration config. */
const HOSTS: Record<
  string,
  (repoUrl: string, config: Json, call: Call) => HostApi
> = {
  github(repoUrl, config, call) {
    const [owner, repo] = ownerAndRepo(repoUrl);
    const api = `${config.apiBaseUrl ?? 'https://api.github.com'}/repos/${enc(
      owner,
    )}/${enc(repo)}/pulls`;
    return {
      async find(r) {
        const list: Json[] = await call(
          'GET',
          `${api}?state=open&head=${enc(`${owner}:${r.branch}`)}&base=${enc(
            r.base,
          )}`,
        );
        const pr = list[0];
        return pr && { number: pr.number, url: pr.html_url };
      },
      async open(r) {
        const pr = await call('POST', api, {
          title: r.title,
          body: r.body,
          head: r.branch,
          base: r.base,
        });
        return { number: pr.number, url: pr.html_url };
      },
      async update(r, found) {
        await call('PATCH', `${api}/${found.number}`, {
          title: r.title,
          body: r.body,
        });
      },
    };
  },
  gitlab(repoUrl, config, call) {
    const api = `${config.apiBaseUrl}/projects/${enc(
      repoPath(repoUrl).join('/'),
    )}/merge_requests`;
    return {
      async find(r) {
        const list: Json[] = await call(
          'GET',
          `${api}?state=opened&source_branch=${enc(
            r.branch,
          )}&target_branch=${enc(r.base)}`,
        );
        const mr = list[0];
        return mr && { number: mr.iid, url: mr.web_url };
      },
      async open(r) {
        const mr = await call('POST', api, {
          title: r.title,
          description: r.body,
          source_branch: r.branch,
          target_branch: r.base,
        });
        return { number: mr.iid, url: mr.web_url };
      },
      async update(r, found) {
        await call('PUT', `${api}/${found.number}`, {
          title: r.title,
          description: r.body,
        });
      },
    };
  },
  gitea(repoUrl, config, call) {
    const [owner, repo] = ownerAndRepo(repoUrl);
    const base = config.baseUrl ?? new URL(repoUrl).origin;
    const api = `${base}/api/v1/repos/${enc(owner)}/${enc(repo)}/pulls`;
    return {
      async find(r) {
        const list: Json[] = await call('GET', `${api}?state=open`);
        const pr = list.find(
          p => p.head?.ref === r.branch && p.base?.ref === r.base,
        );
        return pr && { number: pr.number, url: pr.html_url };
      },
      async open(r) {
        const pr = await call('POST', api, {
          title: r.title,
          body: r.body,
          head: r.branch,
          base: r.base,
        });
        return { number: pr.number, url: pr.html_url };
      },
      async update(r, found) {
        await call('PATCH', `${api}/${found.number}`, {
          title: r.title,
          body: r.body,
        });
      },
    };
  },
  bitbucketCloud(repoUrl, config, call) {
    const [workspace, repo] = ownerAndRepo(repoUrl);
    const api = `${
      config.apiBaseUrl ?? 'https://api.bitbucket.org/2.0'
    }/repositories/${enc(workspace)}/${enc(repo)}/pullrequests`;
    return {
      async find(r) {
        const q = `source.branch.name="${r.branch}" AND destination.branch.name="${r.base}" AND state="OPEN"`;
        const page: Json = await call('GET', `${api}?q=${enc(q)}`);
        const pr = page.values?.[0];
        return pr && { number: pr.id, url: pr.links?.html?.href };
      },
      async open(r) {
        const pr = await call('POST', api, {
          title: r.title,
          description: r.body,
          source: { branch: { name: r.branch } },
          destination: { branch: { name: r.base } },
        });
        return { number: pr.id, url: pr.links?.html?.href };
      },
      async update(r, found) {
        await call('PUT', `${api}/${found.number}`, {
          title: r.title,
          description: r.body,
        });
      },
    };
  },
  bitbucketServer(repoUrl, config, call) {
    // https://host/scm/PROJECT/repo.git
    const parts = repoPath(repoUrl).filter(p => p !== 'scm');
    const [project, repo] = parts.slice(-2);
    const api = `${config.apiBaseUrl}/projects/${enc(project)}/repos/${enc(
      repo,
    )}/pull-requests`;
    return {
      async find(r) {
        const page: Json = await call(
          'GET',
          `${api}?state=OPEN&direction=OUTGOING&at=${enc(
            `refs/heads/${r.branch}`,
          )}`,
        );
        const pr = (page.values ?? []).find(
          (p: Json) => p.toRef?.id === `refs/heads/${r.base}`,
        );
        return (
          pr && {
            number: pr.id,
            url: pr.links?.self?.[0]?.href,
            version: pr.version,
          }
        );
      },
      async open(r) {
        const pr = await call('POST', api, {
          title: r.title,
          description: r.body,
          fromRef: { id: `refs/heads/${r.branch}` },
          toRef: { id: `refs/heads/${r.base}` },
        });
        return { number: pr.id, url: pr.links?.self?.[0]?.href };
      },
      async update(r, found) {
        await call('PUT', `${api}/${found.number}`, {
          title: r.title,
          description: r.body,
          version: found.version,
        });
      },
    };
  },
  azure(repoUrl, _config, call) {
    // https://dev.azure.com/ORG/PROJECT/_git/REPO
    const url = new URL(repoUrl);
    const [org, project, , repo] = repoPath(repoUrl);
    const api = `${url.origin}/${enc(org)}/${enc(
      project,
    )}/_apis/git/repositories/${enc(repo)}/pullrequests`;
    const web = (id: number) =>
      `${url.origin}/${org}/${project}/_git/${repo}/pullrequest/${id}`;
    const v = 'api-version=7.1';
    return {
      async find(r) {
        const page: Json = await call(
          'GET',
          `${api}?searchCriteria.status=active&searchCriteria.sourceRefName=${enc(
            `refs/heads/${r.branch}`,
          )}&searchCriteria.targetRefName=${enc(`refs/heads/${r.base}`)}&${v}`,
        );
        const pr = page.value?.[0];
        return pr && { number: pr.pullRequestId, url: web(pr.pullRequestId) };
      },
      async open(r) {
        const pr = await call('POST', `${api}?${v}`, {
          title: r.title,
          description: r.body,
          sourceRefName: `refs/heads/${r.branch}`,
          targetRefName: `refs/heads/${r.base}`,
        });
        return { number: pr.pullRequestId, url: web(pr.pullRequestId) };
      },
      async update(r, found) {
        await call('PATCH', `${api}/${found.number}?${v}`, {
          title: r.title,
          description: r.body,
        });
      },
    };
  },
};

/** How each kind of host takes the credentials edge-gitops pushes with. */
function authorization(kind: string, auth: GitAuth): Record<string, string> {
  const basic = `Basic ${Buffer.from(
    `${auth.username}:${auth.password}`,
  ).toString('base64')}`;
  switch (kind) {
    case 'github':
      return { Authorization: `Bearer ${auth.password}` };
    case 'gitlab':
      return { 'PRIVATE-TOKEN': auth.password };
    case 'gitea':
      return { Authorization: `token ${auth.password}` };
    case 'bitbucketServer':
      return auth.username === 'x-token-auth'
        ? { Authorization: `Bearer ${auth.password}` }
        : { Authorization: basic };
    default:
      return { Authorization: basic };
  }
}

/**
 * Opens pull requests on the git hosts of Backstage's `integrations:`: GitHub, GitLab, Gitea,
 * Bitbucket Cloud and Server, Azure DevOps. The credentials are those publishing pushes with.
 *
 * @public
 */
export class PullRequestOpener {
  /** The hosts of `integrations:` in app-config, with the credentials publishing uses. */
  static fromConfig(
    config: Config,
    resolveAuth: (url: string) => Promise<GitAuth | undefined>,
  ): PullRequestOpener {
    return new PullRequestOpener(
      ScmIntegrations.fromConfig(config),
      resolveAuth,
    );
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly resolveAuth: (url: string) => Promise<GitAuth | undefined>,
  ) {}

  /** Whether repository URLs of this host get pull requests (an integration is configured). */
  supports(repoUrl: string): boolean {
    const kind = this.integrations.byUrl(repoUrl)?.type;
    return Boolean(kind && HOSTS[kind]);
  }

  /** Opens the request, or updates the one already open for the same branches. */
  async openOrUpdate(req: PullRequestRequest): Promise<PullRequestResult> {
    const integration = this.integrations.byUrl(req.repoUrl);
    const kind = integration?.type ?? '';
    const host = HOSTS[kind];
    if (!integration || !host)
      throw new Error(
        `no integration in app-config for ${redact(
          req.repoUrl,
        )}: pull requests need one (integrations.github, .gitlab, .gitea, .bitbucketCloud, .bitbucketServer or .azure)`,
      );
    const auth = await this.resolveAuth(req.repoUrl);
    if (!auth)
      throw new Error(
        `integrations.${kind} in app-config has no credentials for ${redact(
          req.repoUrl,
        )}`,
      );
    const headers = {
      ...authorization(kind, auth),
      Accept: 'application/json',
    };
    const call: Call = async (method, url, body) => {
      const res = await fetch(url, {
        method,
        headers:
          body === undefined
            ? headers
            : { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) {
        const text = redact(await res.text().catch(() => ''), auth).slice(
          0,
          200,
        );
        throw new Error(
          `${kind} answered ${method} ${redact(
            new URL(url).pathname,
          )} with HTTP ${res.status}${text ? `: ${text}` : ''}`,
        );
      }
      return res.status === 204 ? {} : res.json();
    };
    const api = host(req.repoUrl, (integration as any).config ?? {}, call);
    const found = await api.find(req);
    if (found) {
      await api.update(req, found);
      return { url: found.url, number: found.number, action: 'updated' };
    }
    const opened = await api.open(req);
    return { url: opened.url, number: opened.number, action: 'opened' };
  }
}
