import fs from 'node:fs';
import path from 'node:path';
import {
  EdgeApplication,
  NodeGroup,
  parseYamlDocuments,
  Problem,
  validateApplication,
  ValidationOptions,
} from '@edge-gitops/plugin-edge-gitops-common';
import { nodeGroupsFromEntities } from '@edge-gitops/plugin-edge-gitops-node';

export class UsageError extends Error {}

export interface LoadedDocument {
  file: string;
  index: number;
  app?: EdgeApplication;
  problems: Problem[];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new UsageError(
      `cannot read ${file}: ${
        e.code === 'ENOENT' ? 'no such file' : e.message
      }`,
    );
  }
}

/** Every EdgeApplication of a YAML stream, each validated; the app is set only when valid. */
export function loadApplications(
  file: string,
  validation: ValidationOptions = {},
): LoadedDocument[] {
  const docs = parseYamlDocuments(readText(file));
  if (docs.length === 0) {
    return [
      {
        file,
        index: 0,
        problems: [
          {
            severity: 'error',
            path: '',
            message: 'the file holds no YAML document',
          },
        ],
      },
    ];
  }
  return docs.map(d => {
    if (d.problems.length)
      return { file, index: d.index, problems: d.problems };
    const result = validateApplication(d.value, validation);
    const problems = [...result.errors, ...result.warnings];
    return {
      file,
      index: d.index,
      problems,
      ...(result.valid ? { app: d.value as EdgeApplication } : {}),
    };
  });
}

/** Node group entities from a YAML stream or a YAML list (see docs/cli.md). */
export function loadNodeGroups(file: string): NodeGroup[] {
  const docs = parseYamlDocuments(readText(file));
  const entities: any[] = [];
  for (const d of docs) {
    if (d.problems.length)
      throw new UsageError(
        `${file}: ${d.problems.map(p => p.message).join('; ')}`,
      );
    if (Array.isArray(d.value)) entities.push(...d.value);
    else if (
      d.value &&
      typeof d.value === 'object' &&
      Array.isArray((d.value as any).items)
    )
      entities.push(...(d.value as any).items);
    else if (d.value) entities.push(d.value);
  }
  const malformed = entities.findIndex(
    e => typeof e?.metadata?.name !== 'string',
  );
  if (malformed >= 0)
    throw new UsageError(`${file}: entity ${malformed} has no metadata.name`);
  const { nodeGroups, issues } = nodeGroupsFromEntities(entities);
  if (issues.length)
    throw new UsageError(
      `${file}: ${issues.map(i => `${i.entity}: ${i.message}`).join('; ')}`,
    );
  return nodeGroups;
}

/** One line per problem: FILE: path: message (see docs/cli.md). */
export function formatProblem(file: string, p: Problem, docIndex = 0): string {
  const where = docIndex > 0 ? `${file}#${docIndex}` : file;
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${p.path || '(document)'}: ${prefix}${p.message}`;
}

/** Writes files under a folder that must not exist yet or be empty, refusing escapes. */
export function writeTree(root: string, files: Map<string, string>): void {
  const base = path.resolve(root);
  for (const [rel, content] of files) {
    const target = path.resolve(base, rel);
    if (!target.startsWith(base + path.sep))
      throw new Error(`refusing to write outside ${base}: ${rel}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}
