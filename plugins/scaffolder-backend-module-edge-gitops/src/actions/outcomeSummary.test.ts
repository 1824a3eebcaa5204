import { nodeGroupFromEntity } from '@edge-gitops/plugin-edge-gitops-common';
import { outcomeMarkdown } from './outcomeSummary';

const group = (name: string, url: string) =>
  nodeGroupFromEntity({
    kind: 'Resource',
    metadata: { name, annotations: { 'edge-gitops.io/repo-url': url } },
    spec: { type: 'edge-node-group' },
  } as any);

describe('outcomeMarkdown', () => {
  it("links each commit to its page on the node group's git host, and keeps a local one as a hash", () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const table = outcomeMarkdown(
      {
        application: 'kiosk',
        ok: false,
        outcomes: [
          { nodeGroup: 'plant-1', status: 'committed', sha },
          { nodeGroup: 'lab', status: 'committed', sha },
          { nodeGroup: 'plant-2', status: 'failed', reason: 'a | b' },
        ],
      },
      [
        group('plant-1', 'https://github.com/acme/plant-1.git'),
        group('lab', 'repos/lab.git'),
      ],
    );
    expect(table.split('\n')).toEqual([
      '| Node group | Outcome | Commit | Reason |',
      '| --- | --- | --- | --- |',
      `| plant-1 | committed | [01234567](https://github.com/acme/plant-1/commit/${sha}) |  |`,
      '| lab | committed | 01234567 |  |',
      '| plant-2 | failed |  | a \\| b |',
    ]);
  });
});
