import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Attachment, AttachmentRepository } from '../../app/ports/store.ts';
import type { AttachmentsTable } from '../schema/attachments.table.ts';
import type { DB } from '../schema/index.ts';

function toAttachment(r: Selectable<AttachmentsTable>): Attachment {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ticketId: r.ticket_id,
    mime: r.mime,
    bytes: Number(r.bytes),
    width: Number(r.width),
    height: Number(r.height),
    thumbMime: r.thumb_mime,
    thumbWidth: Number(r.thumb_width),
    thumbHeight: Number(r.thumb_height),
    sha256: r.sha256,
    createdAt: Number(r.created_at),
  };
}

/**
 * Photo rows. `attach` is the only way a photo joins a ticket: it claims rows of one owner that
 * are still unattached, so two submissions racing for the same photos cannot both get them
 * (on PostgreSQL the second UPDATE waits, then finds `ticket_id` set and matches nothing).
 */
export function createAttachmentRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): AttachmentRepository {
  return {
    async insertMany(items) {
      if (items.length === 0) return;
      await db
        .insertInto('attachments')
        .values(
          items.map((a) => ({
            id: a.id,
            owner_id: a.ownerId,
            ticket_id: a.ticketId,
            mime: a.mime,
            bytes: a.bytes,
            width: a.width,
            height: a.height,
            thumb_mime: a.thumbMime,
            thumb_width: a.thumbWidth,
            thumb_height: a.thumbHeight,
            sha256: a.sha256,
            created_at: a.createdAt,
          })),
        )
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAttachment(row) : null;
    },

    async attach(ids, ownerId, ticketId) {
      if (ids.length === 0) return 0;
      const r = await db
        .updateTable('attachments')
        .set({ ticket_id: ticketId })
        .where('id', 'in', ids)
        .where('owner_id', '=', ownerId)
        .where('ticket_id', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async deleteUnattached(before, limit) {
      const old = await db
        .selectFrom('attachments')
        .select('id')
        .where('ticket_id', 'is', null)
        .where('created_at', '<', before)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      if (old.length === 0) return [];
      // Still unattached at the moment of deletion: a submission may have claimed one since.
      const gone = await db
        .deleteFrom('attachments')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .where('ticket_id', 'is', null)
        .returning('id')
        .execute();
      return gone.map((r) => r.id);
    },

    async listForTickets(ticketIds) {
      if (ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('attachments')
        .selectAll()
        .where('ticket_id', 'in', [...new Set(ticketIds)])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toAttachment);
    },
  };
}
