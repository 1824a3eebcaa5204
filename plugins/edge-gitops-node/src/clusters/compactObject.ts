/** Longer strings (messages with pod names, certificates) are rarely repeated: not pooled. */
const MAX_POOLED_LENGTH = 256;
/** Past this many distinct strings the pool starts over; strings already shared stay so. */
const MAX_POOL_SIZE = 200_000;

/**
 * One copy of each short string the caches hold. JSON parsing gives every object its own
 * copy of "default", "Available", its labels' values, its image and its timestamps; across
 * a thousand clusters of the same applications those copies are most of the cache.
 */
export class StringPool {
  private pool = new Map<string, string>();

  intern(s: string): string {
    if (s.length > MAX_POOLED_LENGTH) return s;
    const hit = this.pool.get(s);
    if (hit !== undefined) return hit;
    if (this.pool.size >= MAX_POOL_SIZE) this.pool = new Map();
    this.pool.set(s, s);
    return s;
  }
}

/**
 * A copy of a parsed JSON value, parsed again with the pool's strings: JSON.parse gives
 * each object exactly the in-object slots its properties need, where an object that lost
 * properties to `delete`, or was built one property at a time, carries a side array or
 * falls into V8's slow dictionary mode.
 */
export function compactJson(value: unknown, pool: StringPool): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' ? pool.intern(v) : v,
  );
}
