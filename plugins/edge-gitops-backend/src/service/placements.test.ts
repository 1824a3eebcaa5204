import { publishedFleet } from '../testing/publishedFleet';
import { PlacementReader } from './placements';

jest.setTimeout(30_000);

describe('PlacementReader', () => {
  it('tells per node group whether apps/<app> is at the head of its local repository', async () => {
    const { dataDir, groups, head, readHead } = await publishedFleet();
    const placements = await new PlacementReader(
      { dataDir },
      readHead,
    ).placements('web', groups);
    expect(placements).toEqual([
      {
        nodeGroup: 'east-1',
        published: true,
        head,
        files: [
          'application.yaml',
          'kustomization.yaml',
          'web.deployment.yaml',
        ],
      },
      // Never published to: the repository was not even created.
      { nodeGroup: 'east-2', published: false, head: null, files: [] },
      // Remote: not read here.
      { nodeGroup: 'remote-1', published: false, head: null, files: [] },
    ]);
  });

  it('answers not published for an application no node group holds', async () => {
    const { dataDir, groups, readHead } = await publishedFleet();
    const placements = await new PlacementReader(
      { dataDir },
      readHead,
    ).placements('api', groups.slice(0, 1));
    expect(placements[0]).toMatchObject({
      nodeGroup: 'east-1',
      published: false,
    });
  });
});
