import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_tickets.ts';
import * as m002 from './002_directory.ts';
import * as m003 from './003_attachments.ts';
import * as m004 from './004_event_type_index.ts';
import * as m005 from './005_batched_search_inserts.ts';
import * as m006 from './006_unattached_photos_index.ts';
import * as m007 from './007_written_search_vectors.ts';
import * as m008 from './008_search_text_in_queue.ts';
import * as m009 from './009_ascii_search_tokens.ts';

/**
 * Every migration, in order. Static imports instead of a folder scan: works the same from
 * sources, a bundle or a test runner. Names sort lexically; never rename or edit a shipped one.
 */
export const migrations: Record<string, Migration> = {
  '001_tickets': m001,
  '002_directory': m002,
  '003_attachments': m003,
  '004_event_type_index': m004,
  '005_batched_search_inserts': m005,
  '006_unattached_photos_index': m006,
  '007_written_search_vectors': m007,
  '008_search_text_in_queue': m008,
  '009_ascii_search_tokens': m009,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
