import { describe, expect, it, vi } from 'vitest';
import { searchDocument, toTsVector } from '../../src/domain/text/search.ts';
import { createWorkerSearchIndexer, inlineSearchIndexer, workerSearchIndexer } from '../../src/text/indexer.ts';

const TEXTS = [
  ['图书馆三楼自习室空调不制冷', '实验室内温度过高，e-mail 已发 3.5 次，Wi-Fi6 也断了。', '图书馆 3F'],
  ['', '', ''],
  ['宿舍楼热水器坏了', 'İstanbul naïve ｃａｆé 第二食堂', ''],
];

describe('search indexer', () => {
  it('the worker thread gives exactly what the domain function gives', async () => {
    // The indexer falls back to the calling thread with a warning when the worker cannot run.
    const warn = vi.spyOn(console, 'warn');
    const indexer = workerSearchIndexer(1);
    for (const texts of TEXTS) {
      expect(await indexer.document(...texts)).toEqual(searchDocument(...texts));
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('many documents at once come back each to its own caller', async () => {
    const indexer = workerSearchIndexer(1);
    const texts = Array.from({ length: 200 }, (_, i) => [`报修${i}号楼`, `第${i}间宿舍的灯坏了 room${i}`]);
    const docs = await Promise.all(texts.map((t) => indexer.document(...t)));
    docs.forEach((doc, i) => {
      expect(doc).toEqual(searchDocument(...(texts[i] as string[])));
      expect(doc.grams.split(' ')).toContain(`room${i}`);
    });
  });

  it('a worker that never loads gives way to the calling thread, once, with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const missing = new URL('../../src/text/no-such-worker.ts', import.meta.url);
    const indexer = createWorkerSearchIndexer(1, missing, 2_000);
    expect(await indexer.document('热水器', '坏了')).toEqual(searchDocument('热水器', '坏了'));
    // Given up: the next ones do not wait for the worker again.
    const next = performance.now();
    expect(await indexer.document('路灯', '不亮')).toEqual(searchDocument('路灯', '不亮'));
    expect(performance.now() - next).toBeLessThan(100);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('a worker answering in another shape (a file from another build) gives way too', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const other = new URL('../fixtures/old-search-worker.mjs', import.meta.url);
    const indexer = createWorkerSearchIndexer(1, other, 2_000);
    const docs = await Promise.all([indexer.document('热水器', '坏了'), indexer.document('路灯', '不亮')]);
    expect(docs).toEqual([searchDocument('热水器', '坏了'), searchDocument('路灯', '不亮')]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('asked for vectors (PostgreSQL), the worker gives each document its tsvector literal too', async () => {
    const warn = vi.spyOn(console, 'warn');
    const indexer = workerSearchIndexer(1, { tsvector: true });
    expect(indexer).not.toBe(workerSearchIndexer(1));
    const docs = await Promise.all(TEXTS.map((texts) => indexer.document(...texts)));
    docs.forEach((doc, i) => {
      const plain = searchDocument(...(TEXTS[i] as string[]));
      expect(doc).toEqual({ ...plain, tsvector: toTsVector(plain) });
    });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('a worker from another build without vectors gives way, and the documents come without them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const other = new URL('../fixtures/old-search-worker.mjs', import.meta.url);
    const indexer = createWorkerSearchIndexer(1, other, 2_000, { tsvector: true });
    // The store builds the literal itself when a document has none.
    expect(await indexer.document('热水器', '坏了')).toEqual(searchDocument('热水器', '坏了'));
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('zero threads segments on the calling thread', async () => {
    expect(workerSearchIndexer(0)).toBe(inlineSearchIndexer);
    expect(await inlineSearchIndexer.document('热水器', '坏了')).toEqual(searchDocument('热水器', '坏了'));
  });
});
