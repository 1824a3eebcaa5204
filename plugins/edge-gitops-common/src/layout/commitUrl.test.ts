import { commitUrl } from './commitUrl';

const SHA = '4f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098';

describe('commitUrl', () => {
  it.each([
    [
      'https://github.com/acme/edge-sh-01.git',
      `https://github.com/acme/edge-sh-01/commit/${SHA}`,
    ],
    [
      'git@github.com:acme/edge-sh-01.git',
      `https://github.com/acme/edge-sh-01/commit/${SHA}`,
    ],
    [
      'https://gitlab.example.com/platform/edge/south.git',
      `https://gitlab.example.com/platform/edge/south/commit/${SHA}`,
    ],
    [
      'https://bitbucket.org/acme/south.git',
      `https://bitbucket.org/acme/south/commits/${SHA}`,
    ],
    [
      'https://git.example.com/scm/edge/south.git',
      `https://git.example.com/projects/edge/repos/south/commits/${SHA}`,
    ],
    [
      'https://dev.azure.com/acme/edge/_git/south',
      `https://dev.azure.com/acme/edge/_git/south/commit/${SHA}`,
    ],
    [
      'https://user:token@github.com/acme/x.git',
      `https://github.com/acme/x/commit/${SHA}`,
    ],
  ])('%s', (url, expected) => {
    expect(commitUrl(url, SHA)).toBe(expected);
  });

  it('has no page for local repositories, bare hosts or a non-SHA', () => {
    expect(commitUrl('repos/sh-01.git', SHA)).toBeUndefined();
    expect(commitUrl('file:///srv/git/sh-01.git', SHA)).toBeUndefined();
    expect(commitUrl('https://git.example.com/', SHA)).toBeUndefined();
    expect(commitUrl('https://github.com/acme/x.git', 'main')).toBeUndefined();
  });
});
