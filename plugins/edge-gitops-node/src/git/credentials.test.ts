import { ConfigReader } from '@backstage/config';
import { gitAuthResolverFromConfig } from './credentials';
import { redact } from './credentials';

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
          ],
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
    expect(await resolve(url)).toEqual(expected);
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
