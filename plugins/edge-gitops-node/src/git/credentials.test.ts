import { ConfigReader } from '@backstage/config';
import {
  gitAuthResolverFromConfig,
  gitAuthResolverFromEnv,
  redact,
} from './credentials';

describe('git credentials from app-config', () => {
  const resolve = gitAuthResolverFromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com', token: 'ghs-token-value' }],
        gitlab: [
          {
            host: 'gitlab.example.com',
            apiBaseUrl: 'https://gitlab.example.com/api/v4',
            token: 'glpat-value',
          },
        ],
        gitea: [
          {
            host: 'gitea.example.com',
            baseUrl: 'https://gitea.example.com',
            username: 'bot',
            password: 'gitea-value',
          },
        ],
        bitbucketServer: [
          {
            host: 'bitbucket.example.com',
            apiBaseUrl: 'https://bitbucket.example.com/rest/api/1.0',
            token: 'bbs-value',
          },
        ],
      },
      edgeGitops: {
        git: {
          hosts: [
            {
              host: '127.0.0.1:8080',
              username: 'edge',
              password: 'plain-value',
            },
            {
              host: 'git.internal:8080',
              username: 'edge',
              password: 'internal-value',
            },
          ],
          insecureHosts: ['127.0.0.1:8080'],
        },
      },
    }),
  );

  it.each([
    [
      'https://github.com/acme/sh-01.git',
      { username: 'x-access-token', password: 'ghs-token-value' },
    ],
    [
      'https://gitlab.example.com/edge/sh-01.git',
      { username: 'oauth2', password: 'glpat-value' },
    ],
    [
      'https://gitea.example.com/edge/sh-01.git',
      { username: 'bot', password: 'gitea-value' },
    ],
    [
      'https://bitbucket.example.com/scm/edge/sh-01.git',
      { username: 'x-token-auth', password: 'bbs-value' },
    ],
    [
      'http://127.0.0.1:8080/sh-01.git',
      { username: 'edge', password: 'plain-value' },
    ],
  ])('%s', async (url, expected) => {
    expect(await resolve(url)).toMatchObject(expected);
  });

  it('says where credentials come from, so a refusal can point there', async () => {
    expect((await resolve('https://github.com/acme/sh-01.git'))?.source).toBe(
      'integrations.github in app-config',
    );
    expect((await resolve('http://127.0.0.1:8080/sh-01.git'))?.source).toBe(
      'edgeGitops.git.hosts in app-config',
    );
  });

  it('never sends credentials over plain http to a host not listed as insecure', async () => {
    await expect(resolve('http://git.internal:8080/x.git')).rejects.toThrow(
      'refusing to send the credentials for git.internal:8080 over plain http: use https, or list the host in edgeGitops.git.insecureHosts',
    );
    await expect(resolve('http://github.com/acme/x.git')).rejects.toThrow(
      /over plain http/,
    );
    // Without credentials, plain http is only a transport choice.
    expect(await resolve('http://unknown.example.com/x.git')).toBeUndefined();
  });

  it('gives nothing to URLs that are not http(s)', async () => {
    expect(await resolve('ssh://github.com/acme/x.git')).toBeUndefined();
    expect(await resolve('/srv/git/x.git')).toBeUndefined();
  });

  it('has nothing for an unknown host', async () => {
    expect(await resolve('https://unknown.example.com/x.git')).toBeUndefined();
  });

  it('redacts credentials in URLs and messages', () => {
    expect(
      redact(
        'fetch https://bot:secret@git.example.com/x.git failed: secret rejected',
        { username: 'bot', password: 'secret' },
      ),
    ).toBe('fetch https://***@git.example.com/x.git failed: *** rejected');
  });
});

describe('git credentials from the environment (the CLI)', () => {
  const env = {
    EDGE_GITOPS_GIT_USERNAME: 'ci',
    EDGE_GITOPS_GIT_PASSWORD: 'env-token-value',
  };

  it('needs the hosts the password may go to', () => {
    expect(() => gitAuthResolverFromEnv(env)).toThrow(
      'EDGE_GITOPS_GIT_PASSWORD is set but EDGE_GITOPS_GIT_HOSTS is not',
    );
    expect(gitAuthResolverFromEnv({})).toBeInstanceOf(Function);
  });

  it('sends it only to those hosts, and over plain http only to insecure ones', async () => {
    const resolve = gitAuthResolverFromEnv({
      ...env,
      EDGE_GITOPS_GIT_HOSTS: 'git.example.com, 127.0.0.1:9418',
      EDGE_GITOPS_GIT_INSECURE_HOSTS: '127.0.0.1:9418',
    });
    expect(await resolve('https://git.example.com/edge/x.git')).toEqual({
      username: 'ci',
      password: 'env-token-value',
      source: 'EDGE_GITOPS_GIT_USERNAME and EDGE_GITOPS_GIT_PASSWORD',
    });
    expect(await resolve('https://evil.example.com/x.git')).toBeUndefined();
    expect(await resolve('http://127.0.0.1:9418/x.git')).toMatchObject({
      username: 'ci',
    });
    await expect(resolve('http://git.example.com/x.git')).rejects.toThrow(
      'list the host in EDGE_GITOPS_GIT_INSECURE_HOSTS',
    );
  });
});
