import { mockServices } from '@backstage/backend-test-utils';
import { publishedFleet } from '../__testUtils__/publishedFleet';
import { applicationStatus } from './applicationStatus';
import { ClusterStatusService } from './ClusterStatusService';

jest.setTimeout(30_000);

describe('applicationStatus', () => {
  it('lists the node groups the index says hold the application, with their git head, and rolls them up', async () => {
    const { groups, head, index, reconciler } = await publishedFleet();
    // No cluster connections: every node group is Unknown, and says why.
    const clusters = new ClusterStatusService([], mockServices.logger.mock());
    const status = await applicationStatus('web', groups, {
      index,
      reconciler,
      clusters,
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
    // The request brought the index up to date, the unreachable remote with its reason.
    const heads = await index.heads();
    expect(heads.get('east-1')).toMatchObject({ head, error: null });
    expect(heads.get('remote-1')?.error).toEqual(expect.any(String));
  });

  it('answers an empty list, not an error, for an application published nowhere', async () => {
    const { groups, index, reconciler } = await publishedFleet();
    const status = await applicationStatus('api', groups, {
      index,
      reconciler,
      clusters: new ClusterStatusService([], mockServices.logger.mock()),
    });
    expect(status).toEqual({
      application: 'api',
      status: 'Current',
      summary: '0 of 0 node groups current',
      items: [],
    });
  });
});
