import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStore } from '../app/ports/files.ts';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

function checkKey(key: string): string {
  // Keys come from our own ids, but a path must never be steerable out of the folder.
  if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`invalid file key "${key}"`);
  return key;
}

async function fsyncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Files under one folder, spread over 256 subfolders by the key's last two characters (UUIDv7
 * ids share their leading, time-ordered characters). A write goes to a temporary file that is
 * fsync'd, renamed into place and followed by an fsync of the folder, so an acknowledged
 * upload survives a crash and a reader never sees a half-written file.
 */
export function createDiskFileStore(root: string): FileStore & { pathOf(key: string): string } {
  const pathOf = (key: string) => {
    const k = checkKey(key);
    const base = k.split('.')[0] ?? k;
    return join(root, base.slice(-2).toLowerCase(), k);
  };
  return {
    pathOf,
    async put(key, bytes) {
      const target = pathOf(key);
      const dir = dirname(target);
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
      const h = await open(tmp, 'wx', 0o640);
      try {
        await h.writeFile(bytes);
        await h.sync();
      } catch (e) {
        await h.close();
        await rm(tmp, { force: true });
        throw e;
      }
      await h.close();
      await rename(tmp, target);
      await fsyncDir(dir);
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
