import type { ColumnType } from 'kysely';

type Instant = ColumnType<number, number, number>;

/**
 * Uploaded photos. The bytes live in the FileStore under `<id>` (the re-encoded image) and
 * `<id>.thumb`; this row says who uploaded them and which ticket they belong to (null until a
 * submission attaches them).
 */
export interface AttachmentsTable {
  id: string;
  owner_id: string;
  ticket_id: string | null;
  mime: string;
  /** Size of the stored (re-encoded) image, in bytes. */
  bytes: ColumnType<number, number, number>;
  width: number;
  height: number;
  thumb_mime: string;
  thumb_width: number;
  thumb_height: number;
  /** SHA-256 (hex) of the stored image, used as its ETag. */
  sha256: string;
  created_at: Instant;
}

export interface AttachmentTables {
  attachments: AttachmentsTable;
}
