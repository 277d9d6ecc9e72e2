import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CalendarDay, CalendarRepository } from '../../app/ports/store.ts';
import type { DayKind } from '../../domain/calendar/types.ts';
import type { CalendarDaysTable } from '../schema/directory.table.ts';
import type { DB } from '../schema/index.ts';

/** Rows per INSERT: a few years of days stays well under both engines' parameter limits. */
const INSERT_CHUNK = 500;

function toDay(r: Selectable<CalendarDaysTable>): CalendarDay {
  return { date: r.date, kind: r.kind as DayKind, source: r.source as CalendarDay['source'], note: r.note };
}

function toRow(d: CalendarDay): Selectable<CalendarDaysTable> {
  return { date: d.date, kind: d.kind, source: d.source, note: d.note };
}

/**
 * The stored calendar exceptions: statutory days loaded by admins and the institution's own.
 * Dates are local "YYYY-MM-DD" strings, so text order is date order.
 */
export function createCalendarRepository(
  db: Kysely<DB> | Transaction<DB>,
  _dialect: 'sqlite' | 'postgres',
): CalendarRepository {
  const atomically = <T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);

  return {
    async list(fromDate, toDate) {
      let query = db.selectFrom('calendar_days').selectAll();
      if (fromDate !== undefined) query = query.where('date', '>=', fromDate);
      if (toDate !== undefined) query = query.where('date', '<=', toDate);
      const rows = await query.orderBy('date').orderBy('source').execute();
      return rows.map(toDay);
    },

    /**
     * Deletes the source's days in [fromDate, toDate] and inserts `days`, atomically. Every
     * given day must belong to that source and range: anything else would reach past what is
     * being replaced, so it is refused before anything is written.
     */
    async replaceRange(source, fromDate, toDate, days) {
      const stray = days.find((d) => d.source !== source || d.date < fromDate || d.date > toDate);
      if (stray) {
        throw new RangeError(
          `Calendar day ${stray.date} (${stray.source}) is outside ${source} ${fromDate}..${toDate}`,
        );
      }
      // A repeated date would break the (date, source) key; the last one given wins.
      const rows = [...new Map(days.map((d) => [d.date, toRow(d)])).values()];
      await atomically(async (trx) => {
        await trx
          .deleteFrom('calendar_days')
          .where('source', '=', source)
          .where('date', '>=', fromDate)
          .where('date', '<=', toDate)
          .execute();
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await trx
            .insertInto('calendar_days')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .execute();
        }
      });
    },

    async upsert(day) {
      await db
        .insertInto('calendar_days')
        .values(toRow(day))
        .onConflict((oc) => oc.columns(['date', 'source']).doUpdateSet({ kind: day.kind, note: day.note }))
        .execute();
    },

    async delete(date, source) {
      const r = await db
        .deleteFrom('calendar_days')
        .where('date', '=', date)
        .where('source', '=', source)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
