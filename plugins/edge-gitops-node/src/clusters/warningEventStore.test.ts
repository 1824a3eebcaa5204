import { WarningEventStore } from './warningEventStore';

const at = (minutesAgo: number, now: number) =>
  new Date(now - minutesAgo * 60_000).toISOString();

const event = (
  name: string,
  namespace: string,
  lastTimestamp: string,
  extra: object = {},
) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace, resourceVersion: '7', uid: name },
  involvedObject: { kind: 'Pod', name: `web-${name}`, namespace },
  reason: 'BackOff',
  message: 'Back-off restarting failed container web',
  type: 'Warning',
  count: 2,
  lastTimestamp,
  source: { component: 'kubelet', host: 'edge-1' },
  ...extra,
});

describe('WarningEventStore', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  const relevant = (ns: string) => ns === 'default';

  it('keeps the compact form of Warning events in namespaces with managed workloads', () => {
    const store = new WarningEventStore(
      relevant,
      { maxEvents: 10, maxAgeMs: 3_600_000 },
      () => now,
    );
    expect(store.put(event('a', 'default', at(1, now)))).toBe(true);
    expect(store.put(event('b', 'kube-system', at(1, now)))).toBe(false);
    expect(
      store.put(event('c', 'default', at(1, now), { type: 'Normal' })),
    ).toBe(false);
    expect(
      store.put(
        event('d', 'default', at(1, now), {
          involvedObject: { kind: 'Node', name: 'edge-1' },
        }),
      ),
    ).toBe(false);
    expect(store.list()).toEqual([
      {
        kind: 'Event',
        type: 'Warning',
        metadata: { namespace: 'default', name: 'a', resourceVersion: '7' },
        involvedObject: { kind: 'Pod', name: 'web-a', namespace: 'default' },
        reason: 'BackOff',
        message: 'Back-off restarting failed container web',
        count: 2,
        lastTimestamp: at(1, now),
      },
    ]);
  });

  it('drops the stalest events beyond the count limit and those older than the age limit', () => {
    let clock = now;
    const store = new WarningEventStore(
      relevant,
      { maxEvents: 3, maxAgeMs: 3_600_000 },
      () => clock,
    );
    expect(store.put(event('old', 'default', at(61, now)))).toBe(false);
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries())
      store.put(event(name, 'default', at(40 - i * 10, now)));
    expect(store.list().map(e => e.metadata.name)).toEqual(['b', 'c', 'd']);
    clock = now + 45 * 60_000; // b and c are now over an hour old
    expect(store.pruneExpired()).toBe(true);
    expect(store.list().map(e => e.metadata.name)).toEqual(['d']);
    expect(store.pruneExpired()).toBe(false);
  });

  it('replaces everything on a relist, and forgets an event that turns irrelevant', () => {
    const store = new WarningEventStore(relevant, undefined, () => now);
    store.put(event('a', 'default', at(1, now)));
    store.reset([
      event('b', 'default', at(2, now)),
      event('c', 'default', at(1, now)),
    ]);
    expect(store.list().map(e => e.metadata.name)).toEqual(['b', 'c']);
    store.put(event('b', 'default', at(0, now), { type: 'Normal' }));
    expect(store.size).toBe(1);
  });
});
