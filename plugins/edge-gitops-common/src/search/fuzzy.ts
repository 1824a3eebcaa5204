/**
 * Fuzzy match as people type names: the query's characters appear in the text in order,
 * ignoring case, so "wbfrnt" finds "web-front". An empty query matches everything.
 *
 * @public
 */
export function fuzzyMatch(text: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  let i = 0;
  for (const ch of text.toLowerCase()) {
    if (i === q.length) break;
    if (ch === q[i]) i++;
  }
  return i === q.length;
}
