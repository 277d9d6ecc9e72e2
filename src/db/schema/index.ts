import type { AttachmentTables } from './attachments.table.ts';
import type { DirectoryTables } from './directory.table.ts';
import type { TicketTables } from './tickets.table.ts';

/** The whole database as Kysely sees it. Instants are integer epoch ms; JSON is text; booleans are 0/1 integers. */
export interface DB extends TicketTables, DirectoryTables, AttachmentTables {}
