import { checkTargets } from './targets';
import { found } from './testing';

const app = (targets: unknown) => ({ spec: { targets } } as any);

describe('target rules', () => {
  it('needs node groups by name or by label', () => {
    expect(
      found(p => checkTargets(app({ nodeSelector: { a: 'b' } }), p)),
    ).toEqual([
      'error spec.targets: needs nodeGroups (by name) or selector (by label), or both',
    ]);
    expect(found(p => checkTargets(app({ nodeGroups: ['sh-01'] }), p))).toEqual(
      [],
    );
  });

  it('checks the selector', () => {
    expect(
      found(p =>
        checkTargets(
          app({
            selector: { matchExpressions: [{ key: 'gpu', operator: 'In' }] },
          }),
          p,
        ),
      ),
    ).toEqual([
      'error spec.targets.selector.matchExpressions[0].values: must list at least one value for operator In',
    ]);
  });

  it('checks node selector keys and values as labels on the nodes', () => {
    expect(
      found(p =>
        checkTargets(
          app({
            nodeGroups: ['a'],
            nodeSelector: { 'bad key': 'x', demo: 'not ok!' },
          }),
          p,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^error spec\.targets\.nodeSelector\["bad key"\]: is not a valid label key/,
      ),
      expect.stringMatching(
        /^error spec\.targets\.nodeSelector\.demo: label value "not ok!"/,
      ),
    ]);
  });
});
