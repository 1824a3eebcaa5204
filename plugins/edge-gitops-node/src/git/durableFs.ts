import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const fsp = fs.promises;

/** A loose object's path: objects/xx/<38 hex>. */
const LOOSE_OBJECT = /[\\/]objects[\\/]([0-9a-f]{2})[\\/]([0-9a-f]{38})$/;

/** Names our temporary files carry, so a crash's leftovers can be recognised and swept. */
export const TEMP_PREFIX = '.edge-gitops-tmp-';

let sequence = 0;

/**
 * Writes a file so that a reader (or a process killed half-way) sees either the old file
 * or the whole new one: a temporary file beside it, fsync, rename, fsync of the folder.
 * The folder is synced too so that a ref renamed after its objects never outlives them.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options?: fs.WriteFileOptions,
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(
    dir,
    `${TEMP_PREFIX}${process.pid}-${++sequence}-${path.basename(file)}`,
  );
  const mode =
    typeof options === 'object' && options?.mode ? options.mode : 0o666;
  const handle = await fsp.open(tmp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data, options);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/**
 * Whether `file` is a loose object that does not hold what its name promises: it does not
 * inflate, its header's length does not match, or its SHA-1 is not its name. Any other
 * file is not a damaged loose object.
 */
export async function isDamagedLooseObject(file: string): Promise<boolean> {
  const match = LOOSE_OBJECT.exec(file);
  if (!match) return false;
  return !holdsObject(match[1] + match[2], await fsp.readFile(file));
}

function holdsObject(oid: string, contents: Buffer): boolean {
  try {
    const raw = zlib.inflateSync(contents);
    const nul = raw.indexOf(0);
    const header = /^(blob|tree|commit|tag) (\d+)$/.exec(
      raw.subarray(0, nul).toString('latin1'),
    );
    if (nul < 0 || !header || Number(header[2]) !== raw.length - nul - 1)
      return false;
    return crypto.createHash('sha1').update(raw).digest('hex') === oid;
  } catch {
    return false;
  }
}

function notFound(file: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(
    `ENOENT: no such file or directory, stat '${file}'`,
  );
  e.code = 'ENOENT';
  return e;
}

/** Folders whose repositories are copies of a server's (publish caches): see markDisposable. */
const disposableRoots = new Set<string>();

/**
 * Repositories under `dir` are copies that can be fetched again (the publish cache of remote
 * node groups): their files are replaced atomically (a killed process leaves the old file
 * or the new one) but not fsynced, and objects are not re-read on every look. Damage a power
 * cut may leave is found when the commit is verified, and the copy is started again.
 */
export function markDisposable(dir: string): void {
  disposableRoots.add(path.resolve(dir) + path.sep);
}

/** Whether `file` lies in a disposable copy (markDisposable). */
export const isDisposable = (file: string) => {
  if (!disposableRoots.size) return false;
  const absolute = path.resolve(file);
  for (const root of disposableRoots)
    if (absolute.startsWith(root)) return true;
  return false;
};

/** Replaces a file atomically against a killed process, without waiting for the disk. */
async function writeFileReplacing(
  file: string,
  data: string | Uint8Array,
  options?: fs.WriteFileOptions,
): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `${TEMP_PREFIX}${process.pid}-${++sequence}-${path.basename(file)}`,
  );
  try {
    await fsp.writeFile(tmp, data, options);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * The file system we hand isomorphic-git. It writes every file atomically, and it answers
 * "does this object exist?" with "no" for a damaged loose object (an empty file left by a
 * crash): isomorphic-git skips writing objects whose file exists, so it would otherwise
 * build on the damage instead of writing the object again. Disposable copies skip the
 * fsyncs and the re-reading (markDisposable).
 */
export const gitFs = {
  promises: {
    ...fsp,
    writeFile(
      file: string,
      data: string | Uint8Array,
      options?: fs.WriteFileOptions,
    ) {
      return isDisposable(file)
        ? writeFileReplacing(file, data, options)
        : writeFileAtomic(file, data, options);
    },
    async stat(file: string, opts?: any) {
      const stat = await fsp.stat(file, opts);
      if (
        stat.isFile() &&
        !isDisposable(file) &&
        (await isDamagedLooseObject(file))
      ) {
        await fsp.rm(file, { force: true });
        throw notFound(file);
      }
      return stat;
    },
  },
};
