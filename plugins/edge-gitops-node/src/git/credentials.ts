import type { Config } from '@backstage/config';
import {
  DefaultAzureDevOpsCredentialsProvider,
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';

/**
 * Username and password (or token) for one HTTPS git host; never logged or stored.
 *
 * @public
 */
export interface GitAuth {
  username: string;
  password: string;
  /** Where these credentials are configured, for error messages (never the values). */
  source?: string;
}

/**
 * Finds the credentials configured for a git URL's host, if any.
 *
 * @public
 */
export type GitAuthResolver = (url: string) => Promise<GitAuth | undefined>;

/**
 * isomorphic-git's onAuth callback: the credentials when there are some, otherwise cancel
 * (an anonymous request that the server refused is not retried with a prompt).
 *
 * @public
 */
export const gitAuthCallback = (auth: GitAuth | undefined) => () =>
  auth
    ? { username: auth.username, password: auth.password }
    : { cancel: true };

/**
 * The Authorization header for credentials we already know, sent with the first request so
 * the server is not asked twice (isomorphic-git otherwise waits for a 401 to call onAuth).
 */
export const authHeaders = (
  auth: GitAuth | undefined,
): Record<string, string> =>
  auth
    ? {
        Authorization: `Basic ${Buffer.from(
          `${auth.username}:${auth.password}`,
        ).toString('base64')}`,
      }
    : {};

/**
 * Strips credentials from anything that might be shown (URLs, error messages).
 *
 * @public
 */
export function redact(text: string, auth?: GitAuth): string {
  let out = text.replace(/(https?:\/\/)[^/@\s]+@/g, '$1***@');
  if (auth?.password) out = out.split(auth.password).join('***');
  return out;
}

/**
 * A plain git host with basic auth (`edgeGitops.git.hosts`).
 *
 * @public
 */
export interface PlainGitHost {
  host: string;
  username: string;
  password: string;
}

/**
 * Git credentials for an HTTPS URL, from Backstage's `integrations:` (GitHub, GitLab,
 * Gitea, Bitbucket Cloud and Server, Azure DevOps, Gerrit) or, for a plain git host with
 * basic auth, from `edgeGitops.git.hosts`. Tokens only travel in the Authorization header.
 *
 * @public
 */
export function createGitAuthResolver(
  integrations: ScmIntegrationRegistry,
  plainHosts: PlainGitHost[] = [],
  insecureHosts: string[] = [],
): GitAuthResolver {
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const azure =
    DefaultAzureDevOpsCredentialsProvider.fromIntegrations(integrations);
  const fromIntegrations = async (
    url: string,
  ): Promise<GitAuth | undefined> => {
    if (integrations.github.byUrl(url)) {
      const { token } = await github.getCredentials({ url });
      return token
        ? { username: 'x-access-token', password: token }
        : undefined;
    }
    const gitlab = integrations.gitlab.byUrl(url);
    if (gitlab)
      return gitlab.config.token
        ? { username: 'oauth2', password: gitlab.config.token }
        : undefined;
    const gitea = integrations.gitea.byUrl(url);
    if (gitea)
      return gitea.config.password
        ? {
            username: gitea.config.username ?? 'git',
            password: gitea.config.password,
          }
        : undefined;
    const bbServer = integrations.bitbucketServer.byUrl(url);
    if (bbServer) {
      const c = bbServer.config as {
        token?: string;
        username?: string;
        password?: string;
      };
      if (c.token) return { username: 'x-token-auth', password: c.token };
      return c.username && c.password
        ? { username: c.username, password: c.password }
        : undefined;
    }
    const bbCloud = integrations.bitbucketCloud.byUrl(url);
    if (bbCloud) {
      const c = bbCloud.config as {
        username?: string;
        appPassword?: string;
        token?: string;
      };
      if (c.username && (c.appPassword || c.token))
        return { username: c.username, password: (c.appPassword ?? c.token)! };
      return undefined;
    }
    if (integrations.azure.byUrl(url)) {
      const creds = await azure.getCredentials({ url });
      return creds?.token
        ? { username: 'edge-gitops', password: creds.token }
        : undefined;
    }
    const gerrit = integrations.gerrit.byUrl(url);
    if (gerrit?.config.password)
      return {
        username: gerrit.config.username ?? 'git',
        password: gerrit.config.password,
      };
    return undefined;
  };
  return overTransportAllowed(
    async url => {
      const plain = plainHosts.find(h => h.host === new URL(url).host);
      if (plain)
        return {
          username: plain.username,
          password: plain.password,
          source: 'edgeGitops.git.hosts in app-config',
        };
      const auth = await fromIntegrations(url);
      return (
        auth && {
          ...auth,
          source: `integrations.${integrations.byUrl(url)?.type} in app-config`,
        }
      );
    },
    insecureHosts,
    'edgeGitops.git.insecureHosts',
  );
}

/** Whether `entry` (host, host:port) names the host of `url`. */
const namesHost = (entry: string, url: URL) =>
  entry === url.host || entry === url.hostname;

/**
 * Lets credentials travel only where they are safe: over https, or over plain http to a
 * host an operator listed as insecure. Anything else (ssh, file) never gets credentials.
 */
function overTransportAllowed(
  resolve: GitAuthResolver,
  insecureHosts: string[],
  whereToList: string,
): GitAuthResolver {
  return async (url: string) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      return undefined;
    const auth = await resolve(url);
    if (
      auth &&
      parsed.protocol === 'http:' &&
      !insecureHosts.some(h => namesHost(h, parsed))
    ) {
      throw new Error(
        `refusing to send the credentials for ${parsed.host} over plain http: use https, or list the host in ${whereToList}`,
      );
    }
    return auth;
  };
}

/**
 * Credentials from the environment, for the CLI in pipelines: EDGE_GITOPS_GIT_USERNAME and
 * EDGE_GITOPS_GIT_PASSWORD go only to the hosts EDGE_GITOPS_GIT_HOSTS lists (comma
 * separated, host or host:port), and over plain http only to those
 * EDGE_GITOPS_GIT_INSECURE_HOSTS lists. A password without a host list is an error: it
 * would otherwise go to whatever host a node group names.
 *
 * @public
 */
export function gitAuthResolverFromEnv(
  env: NodeJS.ProcessEnv,
): GitAuthResolver {
  const password = env.EDGE_GITOPS_GIT_PASSWORD;
  if (!password) return async () => undefined;
  const list = (value?: string) =>
    (value ?? '')
      .split(',')
      .map(h => h.trim())
      .filter(Boolean);
  const hosts = list(env.EDGE_GITOPS_GIT_HOSTS);
  if (!hosts.length)
    throw new Error(
      'EDGE_GITOPS_GIT_PASSWORD is set but EDGE_GITOPS_GIT_HOSTS is not: list the git hosts (host or host:port, comma separated) it may be sent to',
    );
  return overTransportAllowed(
    async url => {
      const target = new URL(url);
      return hosts.some(h => namesHost(h, target))
        ? {
            username: env.EDGE_GITOPS_GIT_USERNAME ?? 'git',
            password,
            source: 'EDGE_GITOPS_GIT_USERNAME and EDGE_GITOPS_GIT_PASSWORD',
          }
        : undefined;
    },
    list(env.EDGE_GITOPS_GIT_INSECURE_HOSTS),
    'EDGE_GITOPS_GIT_INSECURE_HOSTS',
  );
}

/**
 * Reads integrations, edgeGitops.git.hosts and edgeGitops.git.insecureHosts from app-config.
 *
 * @public
 */
export function gitAuthResolverFromConfig(config: Config): GitAuthResolver {
  const hosts = (
    config.getOptionalConfigArray('edgeGitops.git.hosts') ?? []
  ).map(h => ({
    host: h.getString('host'),
    username: h.getString('username'),
    password: h.getString('password'),
  }));
  return createGitAuthResolver(
    ScmIntegrations.fromConfig(config),
    hosts,
    config.getOptionalStringArray('edgeGitops.git.insecureHosts') ?? [],
  );
}
