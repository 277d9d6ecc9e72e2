/**
 * The worker thread's side of the search indexer (see indexer.ts): the domain's
 * `searchDocument`, run by piscina off the main thread. Compiled to
 * dist/server/search-worker.mjs next to the server bundle.
 */
import { type SearchDocument, searchDocument, toTsVector } from '../domain/text/search.ts';

/** The documents of a batch of tickets (each: its texts), in order. */
export default function documents(batch: string[][]): SearchDocument[] {
  return batch.map((texts) => searchDocument(...texts));
}

/**
 * The same with each document's tsvector literal as well (for PostgreSQL, where building it
 * took the main thread 0.08 ms per ticket).
 */
export function documentsWithVectors(batch: string[][]): (SearchDocument & { tsvector: string })[] {
  return batch.map((texts) => {
    const doc = searchDocument(...texts);
    return { ...doc, tsvector: toTsVector(doc) };
  });
}
