import { compactJson, StringPool } from './compactObject';

describe('compactJson', () => {
  it('copies a parsed value exactly, sharing equal short strings through the pool', () => {
    const pool = new StringPool();
    const a = JSON.parse(
      '{"metadata":{"namespace":"default","labels":{"app":"web"}},"status":{"conditions":[{"type":"Available","status":"True"}],"replicas":2,"ready":null,"paused":false}}',
    );
    const b = JSON.parse(
      '{"metadata":{"namespace":"default"},"status":{"conditions":[{"type":"Available"}]}}',
    );
    const ca = compactJson(a, pool) as any;
    const cb = compactJson(b, pool) as any;
    expect(ca).toEqual(a);
    expect(cb).toEqual(b);
    expect(ca).not.toBe(a);
    // Same strings from two parses: one copy (what a thousand clusters' caches share).
    expect(pool.intern('default')).toBe(ca.metadata.namespace);
    expect(pool.intern('Available')).toBe(cb.status.conditions[0].type);
  });

  it('leaves long strings alone and starts over when the pool is full', () => {
    const pool = new StringPool();
    const long = 'x'.repeat(300);
    expect(pool.intern(long)).toBe(long);
    for (let i = 0; i < 200_001; i++) pool.intern(`s-${i}`);
    // Still answers every string as itself.
    expect(pool.intern('s-3')).toBe('s-3');
  });
});
