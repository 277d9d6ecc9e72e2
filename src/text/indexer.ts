import { Piscina } from 'piscina';
import type { SearchIndexer } from '../app/ports/text.ts';
import { type SearchDocument, searchDocument } from '../domain/text/search.ts';

/** Segments on the calling thread: tools, tests, and `SEARCH_THREADS=0`. */
export const inlineSearchIndexer: SearchIndexer = {
  async document(...texts) {
    return searchDocument(...texts);
  },
};

// Next to this module: search-worker.ts in the sources, search-worker.mjs in dist/server
// (scripts/server-bundle.mjs builds both entries into one folder).
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './search-worker.ts' : './search-worker.mjs', import.meta.url);

/** A segmentation takes well under a millisecond; a worker that cannot load never answers. */
const TASK_TIMEOUT_MS = 5_000;

let shared: { threads: number; pool: Piscina; indexers: Map<boolean, SearchIndexer> } | null = null;

export interface IndexerOptions {
  /**
   * Also build each document's tsvector literal in the worker (`tsvector` on the documents
   * it gives; PostgreSQL). Where the worker is not used, the store builds it itself.
   */
  tsvector?: boolean;
}

/**
 * Segments in worker threads (one pool per process, shared by the apps in it), so that the
 * thread serving requests spends its time on requests: on a busy server the segmenter was a
 * fifth of the main thread's time. Threads start at the first ticket and end after a
 * minute without one.
 */
export function workerSearchIndexer(threads: number, opts: IndexerOptions = {}): SearchIndexer {
  if (threads <= 0) return inlineSearchIndexer;
  if (shared === null || shared.threads !== threads) {
    void shared?.pool.destroy().catch(() => {});
    shared = { threads, pool: createPool(threads, WORKER), indexers: new Map() };
  }
  const vectors = opts.tsvector ?? false;
  let indexer = shared.indexers.get(vectors);
  if (indexer === undefined) {
    indexer = poolIndexer(shared.pool, TASK_TIMEOUT_MS, vectors);
    shared.indexers.set(vectors, indexer);
  }
  return indexer;
}

/** @internal for tests: a pool of its own, with another worker file or time limit. */
export function createWorkerSearchIndexer(
  threads: number,
  worker: URL,
  timeoutMs: number,
  opts: IndexerOptions = {},
): SearchIndexer {
  return poolIndexer(createPool(threads, worker), timeoutMs, opts.tsvector ?? false);
}

function createPool(threads: number, worker: URL): Piscina {
  return new Piscina({
    filename: worker.href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
    // The sources need tsx's loader in the worker too (the compiled server does not).
    execArgv: worker.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
    // A segmenter needs little memory; V8's defaults would let each thread's heap grow by
    // tens of MB under load. Running out restarts the thread (and the task runs inline).
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 48 },
  });
}

/**
 * Should the worker fail or not answer in time, the pool is given up for the rest of the
 * process (with a warning) and text is segmented on the calling thread: the result is the
 * same, only slower, and a ticket is never refused for it.
 */
function poolIndexer(pool: Piscina, timeoutMs: number, vectors: boolean): SearchIndexer {
  let broken = false;
  const giveUp = (error: unknown): void => {
    if (broken) return;
    broken = true;
    console.warn('search indexer: the worker thread failed, segmenting on the main thread from now on:', error);
    void pool.destroy().catch(() => {});
  };
  // A worker that fails to load reports it here (unhandled, it would end the process).
  pool.on('error', giveUp);

  // The tickets of one event-loop turn travel as one task: a message to the worker costs the
  // main thread some 50 µs, about a quarter of what the segmentation itself would.
  let queue: { texts: string[]; resolve(doc: SearchDocument): void }[] = [];
  const send = (): void => {
    const batch = queue;
    queue = [];
    const inline = () => {
      for (const item of batch) item.resolve(searchDocument(...item.texts));
    };
    if (broken) {
      inline();
      return;
    }
    pool
      .run(
        batch.map((item) => item.texts),
        { signal: AbortSignal.timeout(timeoutMs), name: vectors ? 'documentsWithVectors' : 'default' },
      )
      .then(
        (docs: unknown) => {
          // A worker file from another build (replaced under a running server) could answer
          // in another shape: anything but one document per ticket is a failed worker.
          if (!isDocuments(docs, batch.length, vectors)) {
            giveUp(new Error('search indexer: the worker answered in an unexpected shape'));
            inline();
            return;
          }
          batch.forEach((item, i) => {
            item.resolve(docs[i] as SearchDocument);
          });
        },
        (error: unknown) => {
          giveUp(error);
          inline();
        },
      );
  };
  return {
    async document(...texts) {
      if (broken) return searchDocument(...texts);
      return new Promise<SearchDocument>((resolve) => {
        queue.push({ texts, resolve });
        if (queue.length === 1) setImmediate(send);
      });
    },
  };
}

function isDocuments(value: unknown, count: number, vectors: boolean): value is SearchDocument[] {
  return (
    Array.isArray(value) &&
    value.length === count &&
    value.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        typeof d.words === 'string' &&
        typeof d.grams === 'string' &&
        (!vectors || typeof d.tsvector === 'string'),
    )
  );
}
