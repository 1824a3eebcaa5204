import type { ApplicationSummary } from '@edge-gitops/plugin-edge-gitops-common';
import { applicationPage } from './applicationList';

const summary = (application: string): ApplicationSummary => ({
  application,
  publishedTo: 1,
  status: 'Current',
  summary: '1 of 1 node groups current',
  nodeGroups: [{ nodeGroup: 'east-1', status: 'Current' }],
});
const all = ['camera-ingest', 'kiosk', 'web', 'web-api'].map(summary);
const names = (r: { items: ApplicationSummary[] }) =>
  r.items.map(i => i.application);

describe('applicationPage', () => {
  it('searches fuzzily and counts every match', () => {
    const page = applicationPage(all, { q: 'wb' });
    expect(names(page)).toEqual(['web', 'web-api']);
    expect(page.totalItems).toBe(2);
  });

  it('pages with offset and limit', () => {
    expect(applicationPage(all, { offset: '1', limit: '2' })).toMatchObject({
      offset: 1,
      limit: 2,
      totalItems: 4,
      items: [summary('kiosk'), summary('web')],
    });
  });

  it('falls back to defaults for values that are not numbers, and caps the page size', () => {
    expect(applicationPage(all, { offset: 'x', limit: '-5' })).toMatchObject({
      offset: 0,
      limit: 1,
    });
    expect(applicationPage(all, { limit: 'lots' }).limit).toBe(50);
    expect(applicationPage(all, { limit: 10_000 }).limit).toBe(200);
    expect(applicationPage(all, { q: ['a', 'b'] }).totalItems).toBe(4);
  });
});
