import { fuzzyMatch } from './fuzzy';

describe('fuzzyMatch', () => {
  it.each([
    ['web-front', 'wbfrnt', true],
    ['web-front', 'WEB', true],
    ['web-front', '', true],
    ['web-front', ' front ', true],
    ['web-front', 'fw', false],
    ['camera', 'cameras', false],
  ])('%s ~ %j is %s', (text, query, expected) => {
    expect(fuzzyMatch(text, query)).toBe(expected);
  });
});
