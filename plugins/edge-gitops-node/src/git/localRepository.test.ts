import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { EdgePublisher } from '../publish/EdgePublisher';
import { resolveLocalRepositoryPath } from './localRepository';

describe('resolveLocalRepositoryPath: where an entity may put a local repository', () => {
  const base = fs.realpathSync(
    fs.mkdtempSync(path.join(os.tmpdir(), 'eg-local-')),
  );
  const dataDir = path.join(base, 'data');
  const outside = path.join(base, 'user-files');
  fs.mkdirSync(path.join(dataDir, 'repos'), { recursive: true });
  fs.mkdirSync(outside);
  const roots = { dataDir };

  it('resolves relative paths and file URLs inside the data folder', () => {
    expect(resolveLocalRepositoryPath('repos/sh-01.git', roots)).toBe(
      path.join(dataDir, 'repos/sh-01.git'),
    );
    expect(
      resolveLocalRepositoryPath(`file://${dataDir}/repos/a.git`, roots),
    ).toBe(path.join(dataDir, 'repos/a.git'));
  });

  it('answers undefined for remote repositories', () => {
    expect(
      resolveLocalRepositoryPath('https://git.example.com/a.git', roots),
    ).toBeUndefined();
  });

  it.each([
    ['an absolute path', () => outside],
    ['a relative path that climbs out', () => '../user-files'],
    ['a file URL', () => `file://${outside}`],
    [
      'a file URL with percent-encoded ..',
      () => `file://${dataDir}/%2e%2e/user-files`,
    ],
    ['the data folder itself', () => '.'],
  ])('refuses %s', (_what, url) => {
    expect(() => resolveLocalRepositoryPath(url(), roots)).toThrow(InputError);
    expect(() => resolveLocalRepositoryPath(url(), roots)).toThrow(
      /outside the data folder/,
    );
  });

  it('refuses a file URL with a host', () => {
    expect(() =>
      resolveLocalRepositoryPath('file://evil.example.com/repos/a.git', roots),
    ).toThrow(/is not a local file URL/);
  });

  it('refuses a path that a symbolic link inside the data folder leads out of it', () => {
    fs.symlinkSync(outside, path.join(dataDir, 'link'));
    expect(() => resolveLocalRepositoryPath('link/a.git', roots)).toThrow(
      /leads out of .* through a symbolic link/,
    );
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('accepts a root the operator listed', () => {
    expect(
      resolveLocalRepositoryPath(`${outside}/fleet.git`, {
        dataDir,
        localRoots: [outside],
      }),
    ).toBe(path.join(outside, 'fleet.git'));
  });

  it('publish and diff fail only that node group, and create nothing outside', async () => {
    const publisher = new EdgePublisher(
      { dataDir, defaultAuthor: { name: 't', email: 't@localhost' } },
      async () => undefined,
    );
    const hostile = {
      name: 'look-alike',
      labels: {},
      git: { url: `${outside}/checkout`, branch: 'main', path: '' },
    };
    const fine = {
      name: 'fine',
      labels: {},
      git: { url: 'repos/fine.git', branch: 'main', path: '' },
    };
    const app: any = {
      apiVersion: 'edge-gitops.io/v1alpha1',
      kind: 'EdgeApplication',
      metadata: { name: 'web' },
      spec: {
        targets: { nodeGroups: ['look-alike', 'fine'] },
        services: [
          { name: 'web', containers: [{ name: 'web', image: 'nginx:1.27' }] },
        ],
      },
    };
    const result = await publisher.publish(app, {
      nodeGroups: [hostile, fine],
    });
    expect(result.outcomes.map(o => `${o.nodeGroup}: ${o.status}`)).toEqual([
      'fine: committed',
      'look-alike: failed',
    ]);
    expect(result.outcomes[1].reason).toMatch(/outside the data folder/);
    const diffs = await publisher.diff(app, { nodeGroups: [hostile, fine] });
    expect(
      diffs.find(d => d.nodeGroup === 'look-alike')?.problems[0].message,
    ).toMatch(/outside the data folder/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
