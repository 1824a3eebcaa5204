import { parseApplicationYaml } from './applicationYaml';

describe('parseApplicationYaml', () => {
  it('answers the one document', () => {
    expect(parseApplicationYaml('kind: EdgeApplication\n')).toEqual({
      value: { kind: 'EdgeApplication' },
      problems: [],
    });
  });

  it('says where YAML does not parse, and when there is not exactly one document', () => {
    expect(parseApplicationYaml('a: [\n').problems[0].path).toMatch(
      /^line \d+, column \d+$/,
    );
    expect(parseApplicationYaml('a: 1\n---\nb: 2\n').problems).toEqual([
      {
        severity: 'error',
        path: '',
        message: 'one EdgeApplication document is expected, found 2',
      },
    ]);
  });
});
