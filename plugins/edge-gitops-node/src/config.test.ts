import { ConfigReader } from '@backstage/config';
import { readEdgeGitopsConfig } from './config';

describe('readEdgeGitopsConfig', () => {
  it('reads git timeouts in seconds and leaves unset ones to the defaults', () => {
    const config = readEdgeGitopsConfig(
      new ConfigReader({
        edgeGitops: {
          dataDir: 'data',
          git: { timeouts: { idleSeconds: 5, nodeGroupSeconds: 90 } },
        },
      }),
      '/srv',
    );
    expect(config.dataDir).toBe('/srv/data');
    expect(config.gitTimeouts).toEqual({
      idleTimeoutMs: 5_000,
      nodeGroupDeadlineMs: 90_000,
    });
  });

  it('refuses a timeout that is not a positive number of seconds, naming it', () => {
    expect(() =>
      readEdgeGitopsConfig(
        new ConfigReader({
          edgeGitops: { git: { timeouts: { connectSeconds: 0 } } },
        }),
      ),
    ).toThrow(
      'edgeGitops.git.timeouts.connectSeconds must be a positive number of seconds',
    );
  });
});
