import { mockServices } from '@backstage/backend-test-utils';
import type { GitLocation } from '@edge-gitops/plugin-edge-gitops-common';
import { publishedFleet } from '../testing/publishedFleet';
import { applicationStatus } from './applicationStatus';
import { ClusterStatusService } from './ClusterStatusService';
import { PlacementReader } from './placements';

jest.setTimeout(30_000);

describe('applicationStatus', () => {
  it('lists the node groups the application is published to, with their git head, and rolls them up', async () => {
    const { dataDir, groups, head, readHead } = await publishedFleet();
    const asked: string[] = [];
    const countingReadHead = (location: GitLocation) => {
      asked.push(location.url);
      return readHead(location);
    };
    // No cluster connections: every node group is Unknown, and says why.
    const clusters = new ClusterStatusService([], mockServices.logger.mock());
    const status = await applicationStatus('web', groups, {
      placements: new PlacementReader({ dataDir }, countingReadHead),
      clusters,
      readHead: countingReadHead,
    });
    expect(status).toMatchObject({
      application: 'web',
      status: 'Unknown',
      summary: '0 of 1 node groups current',
    });
    expect(status.items).toHaveLength(1);
    expect(status.items[0]).toMatchObject({
      nodeGroup: 'east-1',
      status: 'Unknown',
      summary: 'no cluster connection is configured',
      sync: { state: 'Unknown', head },
      git: { url: 'repos/east-1.git', branch: 'main' },
      connection: { nodeGroup: 'east-1', reachable: false },
    });
    // The head came with the placement: the remote host was never asked.
    expect(asked).not.toContain('https://git.invalid/edge/remote-1.git');
  });

  it('answers an empty list, not an error, for an application published nowhere', async () => {
    const { dataDir, groups, readHead } = await publishedFleet();
    const status = await applicationStatus('api', groups, {
      placements: new PlacementReader({ dataDir }, readHead),
      clusters: new ClusterStatusService([], mockServices.logger.mock()),
      readHead,
    });
    expect(status).toEqual({
      application: 'api',
      status: 'Current',
      summary: '0 of 0 node groups current',
      items: [],
    });
  });
});
