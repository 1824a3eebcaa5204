import { checkResources } from './resources';
import { found } from './testing';

describe('resource rules', () => {
  it('accepts quantities, accelerators included', () => {
    expect(
      found(p =>
        checkResources(
          {
            limits: { cpu: '2', memory: '1Gi', 'nvidia.com/gpu': 1 },
            requests: { cpu: '500m', memory: '256Mi' },
          },
          'r',
          p,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses what does not parse, negatives, and requests above limits', () => {
    expect(
      found(p =>
        checkResources(
          {
            limits: { cpu: '1', memory: '1.5.0' },
            requests: { cpu: '2', memory: '-1' },
          },
          'r',
          p,
        ),
      ),
    ).toEqual([
      'error r.limits.memory: "1.5.0" is not a quantity; write it like 500m, 2, 1.5Gi or 256Mi',
      'error r.requests.memory: must not be negative, got -1',
      'error r.requests.cpu: request 2 is above the limit 1',
    ]);
  });
});
