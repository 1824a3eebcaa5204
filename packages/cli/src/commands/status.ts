import fs from 'node:fs';
import {
  computeStatus,
  parseYamlDocuments,
} from '@edge-gitops/plugin-edge-gitops-common';
import { UsageError } from '../files';
import type { Io } from '../io';

/**
 * What `kubectl get -o json` prints for a whole cluster can be far larger than an
 * EdgeApplication may be; status reads such files (within what a Node string holds).
 */
const MAX_STATUS_FILE_BYTES = 256 * 1024 * 1024;

/** Objects of a YAML stream, or of a JSON object or list (kind List with items, or an array). */
function objectsOf(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new UsageError(
      `cannot read ${file}: ${
        e.code === 'ENOENT' ? 'no such file' : e.message
      }`,
    );
  }
  const objects: unknown[] = [];
  // JSON is YAML, so one parser reads both.
  for (const doc of parseYamlDocuments(text, {
    maxBytes: MAX_STATUS_FILE_BYTES,
  })) {
    if (doc.problems.length)
      throw new UsageError(
        `${file}: ${doc.problems
          .map(p => `${p.path} ${p.message}`.trim())
          .join('; ')}`,
      );
    const value: any = doc.value;
    if (Array.isArray(value)) objects.push(...value);
    else if (
      value &&
      Array.isArray(value.items) &&
      (value.kind === 'List' || String(value.kind ?? '').endsWith('List'))
    )
      objects.push(...value.items);
    else if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** edge-gitops status FILE: one JSON object per line per object (see docs/cli.md). */
export function statusCommand(file: string, io: Io): number {
  for (const obj of objectsOf(file) as any[]) {
    const { status, message } = computeStatus(obj);
    io.out(
      JSON.stringify({
        kind: obj?.kind,
        name: obj?.metadata?.name,
        status,
        message,
      }),
    );
  }
  return 0;
}
