import { cronScheduleProblem } from './cron';
import { formatSelector, matchesSelector } from './labelSelector';
import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2G', 2e9],
    ['1e3', 1000],
    [3, 3],
  ])('%s is %d', (q, v) => expect(parseQuantity(q)).toBeCloseTo(v));
  it.each(['1.5.0', 'lots', '1 Gi', '1GB', ''])('%s does not parse', q =>
    expect(parseQuantity(q)).toBeUndefined(),
  );
});

describe('cronScheduleProblem', () => {
  it.each([
    '*/1 * * * *',
    '0/1 * * * *',
    '0 3 * * 1-5',
    '15,45 */2 1 jan-mar mon',
    '@hourly',
    '0 0 1 1 7',
  ])('%s parses', s => expect(cronScheduleProblem(s)).toBeUndefined());
  it.each([
    ['* * * *', /5 fields/],
    ['60 * * * *', /minute field/],
    ['* 24 * * *', /hour field/],
    ['*/0 * * * *', /bad step/],
    ['* * * foo *', /month field/],
    ['TZ=UTC * * * * *', /timeZone/],
  ])('%s is refused', (s, message) =>
    expect(cronScheduleProblem(s)).toMatch(message),
  );
});

describe('matchesSelector', () => {
  const labels = { region: 'east', arch: 'arm64', gpu: 'true' };
  it('ANDs matchLabels and every operator', () => {
    expect(matchesSelector(labels, { matchLabels: { region: 'east' } })).toBe(
      true,
    );
    expect(matchesSelector(labels, { matchLabels: { region: 'south' } })).toBe(
      false,
    );
    expect(
      matchesSelector(labels, {
        matchExpressions: [
          { key: 'arch', operator: 'In', values: ['arm64', 'arm'] },
        ],
      }),
    ).toBe(true);
    expect(
      matchesSelector(labels, {
        matchExpressions: [
          { key: 'arch', operator: 'NotIn', values: ['arm64'] },
        ],
      }),
    ).toBe(false);
    expect(
      matchesSelector(labels, {
        matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }],
      }),
    ).toBe(true);
    expect(
      matchesSelector(labels, {
        matchExpressions: [{ key: 'gpu', operator: 'Exists' }],
      }),
    ).toBe(true);
    expect(
      matchesSelector(labels, {
        matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }],
      }),
    ).toBe(false);
    expect(
      matchesSelector(labels, {
        matchLabels: { region: 'east' },
        matchExpressions: [{ key: 'arch', operator: 'In', values: ['amd64'] }],
      }),
    ).toBe(false);
  });
  it('formats selectors as kubectl does', () => {
    expect(
      formatSelector({
        matchLabels: { region: 'east' },
        matchExpressions: [
          { key: 'gpu', operator: 'Exists' },
          { key: 'arch', operator: 'NotIn', values: ['arm', 'x'] },
        ],
      }),
    ).toBe('region=east,gpu,arch notin (arm,x)');
  });
});
