import { checkEnv } from './env';
import { found } from './testing';

describe('environment variable rules', () => {
  it('accepts literal values and every kind of reference', () => {
    expect(
      found(p =>
        checkEnv(
          [
            { name: 'MODE', value: 'kiosk' },
            {
              name: 'NODE_IP',
              valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } },
            },
            {
              name: 'ZONE',
              valueFrom: { fieldRef: { fieldPath: "metadata.labels['zone']" } },
            },
            {
              name: 'TOKEN',
              valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
            },
          ],
          'env',
          p,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses bad names, two sources, unknown field paths; warns on a repeated name', () => {
    expect(
      found(p =>
        checkEnv(
          [
            { name: '1BAD' },
            {
              name: 'A',
              value: 'x',
              valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } },
            },
            {
              name: 'B',
              valueFrom: {
                fieldRef: { fieldPath: 'spec.secret' },
                configMapKeyRef: { name: 'c', key: 'k' },
              },
            },
            { name: 'A', value: 'y' },
          ],
          'env',
          p,
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^error env\[0\]\.name: "1BAD" is not a valid environment variable name/,
      ),
      'error env[1]: set either value or valueFrom, not both',
      'error env[2].valueFrom: needs exactly one of secretKeyRef, configMapKeyRef, fieldRef or resourceFieldRef',
      expect.stringMatching(
        /^error env\[2\]\.valueFrom\.fieldRef\.fieldPath: spec\.secret is not a field Kubernetes exposes/,
      ),
      'warning env[3].name: A is set twice; the last one wins',
    ]);
  });
});
