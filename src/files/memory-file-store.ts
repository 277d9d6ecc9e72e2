import type { FileStore } from '../app/ports/files.ts';

/** Bytes in memory: for tests and tools that never serve uploads (`serve` always uses the disk). */
export function createMemoryFileStore(): FileStore & { keys(): string[] } {
  const files = new Map<string, Buffer>();
  return {
    keys: () => [...files.keys()].sort(),
    async put(key, bytes) {
      files.set(key, Buffer.from(bytes));
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async delete(key) {
      files.delete(key);
    },
  };
}
