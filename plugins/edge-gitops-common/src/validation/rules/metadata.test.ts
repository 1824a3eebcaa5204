import {
  checkAnnotations,
  checkImagePullSecrets,
  checkLabels,
  checkSelector,
} from './metadata';
import { found } from './testing';

describe('label and selector rules', () => {
  it('accepts Kubernetes label keys and values, prefixed or not', () => {
    expect(
      found(p =>
        checkLabels(
          { 'example.com/team': 'vision', tier: '', a_b: 'x.y-z' },
          'metadata.labels',
          p,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses keys and values Kubernetes rejects, at their path', () => {
    const problems = found(p =>
      checkLabels(
        { 'Bad Key': 'ok', 'UPPER.com/x': 'ok', k: '-starts-with-dash' },
        'metadata.labels',
        p,
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^error metadata\.labels\["Bad Key"\]: is not a valid label key/,
      ),
      expect.stringMatching(
        /^error metadata\.labels\["UPPER\.com\/x"\]: is not a valid label key/,
      ),
      expect.stringMatching(
        /^error metadata\.labels\.k: label value "-starts-with-dash" must be at most 63/,
      ),
    ]);
  });

  it('needs values for In and NotIn and none for Exists and DoesNotExist', () => {
    expect(
      found(p =>
        checkSelector(
          {
            matchExpressions: [
              { key: 'a', operator: 'In' },
              { key: 'b', operator: 'Exists', values: ['x'] },
              { key: 'c', operator: 'NotIn', values: ['y'] },
            ],
          },
          'spec.targets.selector',
          p,
        ),
      ),
    ).toEqual([
      'error spec.targets.selector.matchExpressions[0].values: must list at least one value for operator In',
      'error spec.targets.selector.matchExpressions[1].values: must be empty for operator Exists',
    ]);
  });

  it('refuses annotation keys that are not qualified names, the empty key included', () => {
    expect(
      found(p =>
        checkAnnotations(
          { '': 'x', 'ok.example.com/note': 'y', 'a b': 'z' },
          'metadata.annotations',
          p,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^error metadata\.annotations\[""\]: is not a valid annotation key/,
      ),
      expect.stringMatching(
        /^error metadata\.annotations\["a b"\]: is not a valid annotation key/,
      ),
    ]);
  });

  it('refuses image pull secret names that are not Secret names', () => {
    const app = {
      spec: { imagePullSecrets: ['regcred', 'Bad_Name', '../x'] },
    } as any;
    expect(found(p => checkImagePullSecrets(app, p))).toEqual([
      'error spec.imagePullSecrets[1]: "Bad_Name" is not a Secret name: lowercase letters, digits, "-" and "."',
      'error spec.imagePullSecrets[2]: "../x" is not a Secret name: lowercase letters, digits, "-" and "."',
    ]);
  });
});
