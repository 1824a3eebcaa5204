import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import git from 'isomorphic-git';
import { gitFs, isDisposable } from './durableFs';

/**
 * Git objects read and written with Node's zlib, in one call each: isomorphic-git inflates
 * and deflates through web streams and checks for the file first, several times slower for
 * the small objects a publish makes. Anything packed (a fetched pack, or the one pack per
 * commit a publish cache writes) is read by isomorphic-git.
 */

export type GitObjectType = 'blob' | 'tree' | 'commit';

export interface GitObject {
  oid: string;
  type: GitObjectType;
  /** The object's content, without git's "<type> <size>\0" header. */
  content: Buffer;
}

/** A tree entry as git stores it. */
export interface RawTreeEntry {
  mode: string;
  path: string;
  oid: string;
}

const looseFile = (gitdir: string, oid: string) =>
  path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));

function wrap(type: GitObjectType, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${type} ${content.length}\0`, 'latin1'),
    content,
  ]);
}

/** The id git gives an object. */
export const objectId = (type: GitObjectType, content: Buffer): string =>
  crypto.createHash('sha1').update(wrap(type, content)).digest('hex');

/**
 * Objects this process flushed moments ago into a disposable copy (a publish cache), by
 * repository: a publish reads back what it just committed to pack it for the push, and the
 * pack it wrote holds exactly these bytes. Bounded; forgotten when a cache is emptied
 * (forgetObjects). Repositories that are not copies are always read back from disk: that is
 * where damage would show.
 */
const recent = new Map<string, GitObject>();
const RECENT_KEPT = 4096;
const recentKey = (gitdir: string, oid: string) => `${gitdir}\0${oid}`;

function remember(gitdir: string, object: GitObject) {
  const key = recentKey(gitdir, object.oid);
  recent.delete(key);
  recent.set(key, object);
  if (recent.size > RECENT_KEPT) recent.delete(recent.keys().next().value!);
}

/**
 * Objects of a commit being made in a disposable copy, by repository: kept in memory until
 * flushObjects writes them as one pack, just before a ref names them. A first publish to a
 * fleet makes a dozen objects per node group, and a file each was most of its cost.
 */
const staged = new Map<string, Map<string, GitObject>>();

/** Drops what this process remembers of a repository's objects (it was emptied). */
export function forgetObjects(gitdir: string): void {
  staged.delete(gitdir);
  for (const key of recent.keys())
    if (key.startsWith(`${gitdir}\0`)) recent.delete(key);
}

/**
 * Writes an object and returns its id. In a repository of record it is a loose object,
 * written always (a file left damaged by a crash is replaced rather than trusted because it
 * exists); in a disposable copy it is staged for flushObjects.
 */
export async function writeObject(
  gitdir: string,
  type: GitObjectType,
  content: Buffer,
): Promise<string> {
  const wrapped = wrap(type, content);
  const oid = crypto.createHash('sha1').update(wrapped).digest('hex');
  if (isDisposable(gitdir)) {
    let objects = staged.get(gitdir);
    if (!objects) staged.set(gitdir, (objects = new Map()));
    objects.set(oid, { oid, type, content });
    return oid;
  }
  const file = looseFile(gitdir, oid);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // Atomic and durable: see durableFs.
  await gitFs.promises.writeFile(file, zlib.deflateSync(wrapped));
  return oid;
}

/**
 * Writes the objects staged for a disposable copy as one pack with its index (the pack
 * first: git and isomorphic-git find a pack through its index, so a crash in between leaves
 * nothing visible). Call it before a ref names them.
 */
export async function flushObjects(gitdir: string): Promise<void> {
  const objects = [...(staged.get(gitdir)?.values() ?? [])];
  staged.delete(gitdir);
  if (!objects.length) return;
  const { pack, index } = packWithIndex(objects);
  const dir = path.join(gitdir, 'objects', 'pack');
  await fs.promises.mkdir(dir, { recursive: true });
  const name = `pack-${pack.toString('hex', pack.length - 20)}`;
  await gitFs.promises.writeFile(path.join(dir, `${name}.pack`), pack);
  await gitFs.promises.writeFile(path.join(dir, `${name}.idx`), index);
  for (const object of objects) remember(gitdir, object);
}

/** Drops the objects staged for a copy and not flushed: no commit was made of them. */
export function discardStagedObjects(gitdir: string): void {
  staged.delete(gitdir);
}

/** How many packs a repository holds (each changed publish to a copy adds one). */
export async function packCount(gitdir: string): Promise<number> {
  const names = await fs.promises
    .readdir(path.join(gitdir, 'objects', 'pack'))
    .catch(() => [] as string[]);
  return names.filter(n => n.endsWith('.idx')).length;
}

/**
 * Reads an object: one this process just wrote from memory, else loose (checked against
 * its id) or packed. Throws when it is missing or damaged.
 */
export async function readGitObject(
  gitdir: string,
  oid: string,
): Promise<GitObject> {
  const known =
    staged.get(gitdir)?.get(oid) ?? recent.get(recentKey(gitdir, oid));
  if (known) return known;
  let deflated: Buffer | undefined;
  try {
    deflated = await fs.promises.readFile(looseFile(gitdir, oid));
  } catch (e: any) {
    if (e?.code !== 'ENOENT') throw e;
  }
  if (!deflated) {
    const packed = await git.readObject({
      fs: gitFs,
      gitdir,
      oid,
      format: 'content',
    });
    return {
      oid,
      type: packed.type as GitObjectType,
      content: Buffer.from(packed.object as Uint8Array),
    };
  }
  const raw = zlib.inflateSync(deflated);
  const nul = raw.indexOf(0);
  const header = /^(blob|tree|commit) (\d+)$/.exec(
    raw.toString('latin1', 0, Math.max(nul, 0)),
  );
  if (nul < 0 || !header || Number(header[2]) !== raw.length - nul - 1)
    throw new Error(`object ${oid} has a damaged header`);
  if (crypto.createHash('sha1').update(raw).digest('hex') !== oid)
    throw new Error(`object ${oid} does not hold what its id promises`);
  return {
    oid,
    type: header[1] as GitObjectType,
    content: raw.subarray(nul + 1),
  };
}

/** A tree object's entries: "<mode> <name>\0<20-byte id>" each. */
export function parseTree(content: Buffer): RawTreeEntry[] {
  const entries: RawTreeEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > content.length)
      throw new Error('damaged tree object');
    entries.push({
      mode: content.toString('latin1', at, space),
      path: content.toString('utf8', space + 1, nul),
      oid: content.toString('hex', nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}

/** The tree a commit object names (its first line). */
export function commitTree(content: Buffer): string {
  const match = /^tree ([0-9a-f]{40})\n/.exec(
    content.toString('latin1', 0, 46),
  );
  if (!match) throw new Error('damaged commit object');
  return match[1];
}

/** The parents a commit object names. */
export function commitParents(content: Buffer): string[] {
  const text = content.toString('utf8');
  const headerEnd = text.indexOf('\n\n');
  return [
    ...text
      .slice(0, headerEnd < 0 ? text.length : headerEnd)
      .matchAll(/^parent ([0-9a-f]{40})$/gm),
  ].map(m => m[1]);
}

const isTree = (mode: string) => mode === '40000' || mode === '040000';
const isSubmodule = (mode: string) => mode === '160000';

/**
 * The objects of `commit` that a server holding `base` (one of its ancestors, usually its
 * parent) lacks: the commit itself and every tree and blob that is not the same object at
 * the same path in `base`'s tree. The walk only enters folders that differ, so its cost
 * follows the change.
 */
export async function objectsMissingFrom(
  gitdir: string,
  commit: string,
  base: string | undefined,
): Promise<GitObject[]> {
  const out: GitObject[] = [];
  const seen = new Set<string>();
  const head = await readGitObject(gitdir, commit);
  out.push(head);
  const baseTree = base
    ? commitTree((await readGitObject(gitdir, base)).content)
    : undefined;
  const walk = async (tree: string, before: string | undefined) => {
    if (tree === before || seen.has(tree)) return;
    seen.add(tree);
    const object = await readGitObject(gitdir, tree);
    out.push(object);
    const old = new Map(
      (before
        ? parseTree((await readGitObject(gitdir, before)).content)
        : []
      ).map(e => [e.path, e]),
    );
    for (const entry of parseTree(object.content)) {
      const previous = old.get(entry.path);
      if (previous?.oid === entry.oid || isSubmodule(entry.mode)) continue;
      if (isTree(entry.mode))
        await walk(
          entry.oid,
          previous && isTree(previous.mode) ? previous.oid : undefined,
        );
      else if (!seen.has(entry.oid)) {
        seen.add(entry.oid);
        out.push(await readGitObject(gitdir, entry.oid));
      }
    }
  };
  await walk(commitTree(head.content), baseTree);
  return out;
}

const PACK_TYPES: Record<GitObjectType, number> = {
  commit: 1,
  tree: 2,
  blob: 3,
};

/**
 * A pack (version 2) of whole objects, no deltas: the objects of one publish are a few
 * small files, for which deltas would save little and cost a search.
 */
export function packObjects(objects: GitObject[]): Buffer {
  return packWithIndex(objects).pack;
}

/**
 * The pack of packObjects and its index (version 2: fan-out table, sorted ids, CRC-32 of
 * each entry, offsets, the pack's checksum), as `git index-pack` would write it.
 */
export function packWithIndex(objects: GitObject[]): {
  pack: Buffer;
  index: Buffer;
} {
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  const entries: { oid: string; offset: number; crc: number }[] = [];
  let offset = header.length;
  for (const object of objects) {
    // Type and size: 3 type bits and 4 size bits, then 7 size bits per byte (MSB: more).
    const bytes: number[] = [];
    let size = object.content.length;
    let byte = (PACK_TYPES[object.type] << 4) | (size & 0x0f);
    size = Math.floor(size / 16);
    while (size > 0) {
      bytes.push(byte | 0x80);
      byte = size & 0x7f;
      size = Math.floor(size / 128);
    }
    bytes.push(byte);
    const entry = Buffer.concat([
      Buffer.from(bytes),
      zlib.deflateSync(object.content),
    ]);
    entries.push({ oid: object.oid, offset, crc: zlib.crc32(entry) });
    parts.push(entry);
    offset += entry.length;
  }
  const body = Buffer.concat(parts);
  const checksum = crypto.createHash('sha1').update(body).digest();
  const pack = Buffer.concat([body, checksum]);

  const sorted = [...new Map(entries.map(e => [e.oid, e])).values()].sort(
    (a, b) => (a.oid < b.oid ? -1 : 1),
  );
  const n = sorted.length;
  const index = Buffer.alloc(8 + 256 * 4 + n * (20 + 4 + 4) + 20);
  index.writeUInt32BE(0xff744f63, 0);
  index.writeUInt32BE(2, 4);
  let at = 8;
  for (let first = 0, i = 0; first < 256; first++) {
    while (i < n && parseInt(sorted[i].oid.slice(0, 2), 16) <= first) i++;
    index.writeUInt32BE(i, at);
    at += 4;
  }
  for (const e of sorted) at += index.write(e.oid, at, 'hex');
  for (const e of sorted) at = index.writeUInt32BE(e.crc, at);
  for (const e of sorted) at = index.writeUInt32BE(e.offset, at);
  checksum.copy(index, at);
  at += 20;
  const own = crypto.createHash('sha1').update(index.subarray(0, at)).digest();
  return { pack, index: Buffer.concat([index.subarray(0, at), own]) };
}
