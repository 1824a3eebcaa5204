/** Polls fn until it returns a value (not undefined), for state that settles asynchronously. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  attempts = 300,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
