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
): GitAuthResolver {
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const azure =
    DefaultAzureDevOpsCredentialsProvider.fromIntegrations(integrations);
  return async (url: string): Promise<GitAuth | undefined> => {
    const { host } = new URL(url);
    const plain = plainHosts.find(h => h.host === host);
    if (plain) return { username: plain.username, password: plain.password };
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
}

/**
 * Reads integrations and edgeGitops.git.hosts from app-config.
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
  return createGitAuthResolver(ScmIntegrations.fromConfig(config), hosts);
}
