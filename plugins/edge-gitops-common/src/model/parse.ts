import { parseAllDocuments } from 'yaml';
import type { Problem } from '../validation/problems';

/** @public */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
/** @public */
export const MAX_DEPTH = 64;

/** @public */
export interface ParsedDocument {
  /** Index of the document in the YAML stream. */
  index: number;
  value: unknown;
  problems: Problem[];
}

/**
 * Nesting depth without recursion, so hostile input cannot overflow the stack here.
 *
 * @public
 */
export function exceedsDepth(value: unknown, max = MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) return true;
    if (v && typeof v === 'object')
      for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/**
 * Parses a YAML stream safely: size, alias and depth limits, duplicate keys refused,
 * every parse problem with its line and column.
 *
 * @public
 */
export function parseYamlDocuments(
  text: string,
  opts: { maxBytes?: number } = {},
): ParsedDocument[] {
  const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  if (new TextEncoder().encode(text).length > maxBytes) {
    return [
      {
        index: 0,
        value: undefined,
        problems: [
          {
            severity: 'error',
            path: '',
            message: `the file is larger than ${maxBytes} bytes`,
          },
        ],
      },
    ];
  }
  const docs = parseAllDocuments(text, {
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  return list
    .map((doc, index): ParsedDocument => {
      const problems: Problem[] = [];
      for (const e of doc.errors) {
        const where = e.linePos?.[0]
          ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}`
          : '';
        problems.push({
          severity: 'error',
          path: where,
          message: `YAML does not parse: ${e.message.split('\n')[0]}`,
        });
      }
      if (problems.length) return { index, value: undefined, problems };
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        return {
          index,
          value: undefined,
          problems: [
            {
              severity: 'error',
              path: '',
              message: `YAML does not parse: ${(e as Error).message}`,
            },
          ],
        };
      }
      if (exceedsDepth(value)) {
        problems.push({
          severity: 'error',
          path: '',
          message: `the document is nested deeper than ${MAX_DEPTH} levels`,
        });
        value = undefined;
      }
      return { index, value, problems };
    })
    .filter(d => !(d.value === null && d.problems.length === 0));
}
