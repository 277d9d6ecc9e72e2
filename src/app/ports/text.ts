import type { SearchDoc } from './store.ts';

/**
 * Turns a ticket's texts into its search columns ({@link SearchDocument}). Word segmentation
 * of Chinese text costs about 0.2 ms of CPU per ticket; the implementation (src/text) may do
 * it off the thread that serves requests. Same output as `searchDocument` of the domain,
 * with the document's tsvector literal as well where the indexer was asked for it.
 */
export interface SearchIndexer {
  document(...texts: string[]): Promise<SearchDoc>;
}
