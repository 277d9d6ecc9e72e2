import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Generated, Kysely, Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { createSqliteDialect, walSyncsOf } from '../../src/db/dialects/sqlite-driver.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { parseSearchQuery, searchDocument } from '../../src/domain/text/search.ts';
import type { Ticket } from '../../src/domain/ticket/types.ts';
import { makeTicket } from '../helpers/db.ts';

// The SQLite driver's group commit (src/db/dialects/sqlite-driver.ts): driver behaviour, so
// SQLite only. The PostgreSQL pool commits each transaction itself.

interface Schema {
  items: { id: Generated<number>; label: string };
}

let dir: string;
let path: string;
let db: Kysely<Schema>;
/** An independent connection, as another process would read the file. */
let outside: SqliteDatabase.Database;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nlt-group-'));
  path = join(dir, 'g.db');
  db = new Kysely<Schema>({ dialect: createSqliteDialect(path) });
  await sql`create table items (id integer primary key, label text not null unique)`.execute(db);
  outside = new SqliteDatabase(path);
});

afterEach(async () => {
  outside.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const countOutside = () => (outside.prepare('select count(*) as n from items').get() as { n: number }).n;

function insert(label: string) {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('items').values({ label }).execute();
    return label;
  });
}

describe('SQLite group commit', () => {
  it('commits concurrent transactions together, and a failing one alone rolls back', async () => {
    outside.pragma('wal_checkpoint(TRUNCATE)');
    const labels = Array.from({ length: 40 }, (_, i) => `item-${i}`);
    const results = await Promise.allSettled([
      ...labels.map(insert),
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ label: 'doomed' }).execute();
        throw new Error('changed my mind');
      }),
      // A constraint violation inside a member: only that member fails.
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ label: 'item-0' }).execute();
      }),
    ]);
    expect(results.slice(0, 40).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[40]).toMatchObject({ status: 'rejected', reason: { message: 'changed my mind' } });
    expect(results[41]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
    const rows = outside.prepare('select label from items order by id').all() as { label: string }[];
    expect(rows.map((r) => r.label)).toEqual(labels);
    // One COMMIT wrote the group: 40 separate commits would append at least 40 WAL frames.
    const [checkpoint] = outside.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    const log = checkpoint?.log ?? 0;
    expect(log).toBeGreaterThan(0);
    expect(log).toBeLessThan(10);
  });

  it('resolves a transaction only once another connection can read its writes', async () => {
    await insert('first');
    expect(countOutside()).toBe(1);
    const labels = await Promise.all(['a', 'b', 'c'].map(insert));
    expect(labels).toEqual(['a', 'b', 'c']);
    expect(countOutside()).toBe(4);
  });

  it('never shows a plain read what the open group has not committed yet', async () => {
    let seenInside: number | undefined;
    const first = insert('pending');
    const second = db.transaction().execute(async (trx) => {
      // The first transaction is done and waits for the group's COMMIT: a plain read must
      // not see it, the transaction's own connection does.
      const plain = await db.selectFrom('items').select('label').execute();
      seenInside = (await trx.selectFrom('items').select('label').execute()).length;
      return plain.length;
    });
    await expect(second).resolves.toBe(0);
    expect(seenInside).toBe(1);
    await first;
    expect(await db.selectFrom('items').select('label').execute()).toEqual([{ label: 'pending' }]);
  });

  it('commits an open group before a write outside any transaction', async () => {
    const grouped = insert('grouped');
    await sql`insert into items (label) values ('plain')`.execute(db);
    // The plain write ran after the group's COMMIT, in its own transaction.
    expect(countOutside()).toBe(2);
    await grouped;
  });

  it('lets a second handle on the same file write while the first has a group open', async () => {
    const other = new Kysely<Schema>({ dialect: createSqliteDialect(path) });
    try {
      const started = Date.now();
      const [a, b] = await Promise.all([
        insert('from-a'),
        other.transaction().execute(async (trx) => {
          await trx.insertInto('items').values({ label: 'from-b' }).execute();
          return 'from-b';
        }),
      ]);
      expect([a, b]).toEqual(['from-a', 'from-b']);
      // Without handing over, the second handle would wait out busy_timeout (5 s).
      expect(Date.now() - started).toBeLessThan(2000);
      expect(countOutside()).toBe(2);
    } finally {
      await other.destroy();
    }
  });

  it('answers a commit only after a sync of the WAL, shared by the transactions committed together', async () => {
    // The writer does not fsync in COMMIT (synchronous=NORMAL); the driver syncs the WAL.
    await insert('first');
    const before = walSyncsOf(path);
    const one = insert('second');
    // Not answered before its sync has completed.
    await one;
    expect(walSyncsOf(path)).toBeGreaterThan(before);
    const afterOne = walSyncsOf(path);
    await Promise.all(Array.from({ length: 40 }, (_, i) => insert(`batch-${i}`)));
    const used = walSyncsOf(path) - afterOne;
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThan(10);
  });

  it('answers a write outside a transaction only after a sync of the WAL', async () => {
    await insert('warm');
    const before = walSyncsOf(path);
    await db.insertInto('items').values({ label: 'plain' }).execute();
    expect(walSyncsOf(path)).toBeGreaterThan(before);
    // A plain read needs none.
    const afterWrite = walSyncsOf(path);
    await db.selectFrom('items').selectAll().execute();
    expect(walSyncsOf(path)).toBe(afterWrite);
  });
});

describe('new tickets in the SQLite full-text index', () => {
  it('enter it at their group’s COMMIT as one index segment; a rolled-back one never does', async () => {
    const file = join(dir, 'fts.db');
    const database = await openDatabase({ sqlitePath: file });
    await database.migrate();
    try {
      const doc = (t: Ticket) => searchDocument(t.title, t.body, t.place ?? '');
      const tickets = Array.from({ length: 30 }, (_, i) =>
        makeTicket({ title: `路灯不亮 ${i}`, body: '第三教学楼东侧' }),
      );
      const doomed = makeTicket({ title: '路灯不亮 doomed', body: '第三教学楼东侧' });
      const results = await Promise.allSettled([
        ...tickets.map((t) => database.transaction((s) => s.tickets.insert(t, doc(t)))),
        database.transaction(async (s) => {
          await s.tickets.insert(doomed, doc(doomed));
          throw new Error('changed my mind');
        }),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      const probe = new SqliteDatabase(file, { readonly: true });
      try {
        expect(probe.prepare('select count(*) as n from ticket_fts_queue').get()).toEqual({ n: 0 });
        // One ticket per savepoint made one segment each (FTS5 flushes at savepoints).
        expect(probe.prepare('select count(distinct segid) as n from ticket_fts_idx').get()).toEqual({ n: 1 });
      } finally {
        probe.close();
      }
      const found = await database.stores.tickets.list({ search: parseSearchQuery('路灯') }, 'created_desc', 100, null);
      expect(found.items.map((t) => t.id).sort()).toEqual(tickets.map((t) => t.id).sort());
    } finally {
      await database.close();
    }
  });
});

/** A ticket row as an older version or another program writes it: its text in the row. */
const rawInsert = (db: Kysely<unknown>, id: string, title: string) => {
  const doc = searchDocument(title, '');
  // In a transaction: the driver drains the queue at a group's COMMIT.
  return db.transaction().execute((trx) =>
    sql`insert into tickets (id, ref, submitter_id, title, body, status, routed_at, created_at,
      updated_at, version, search_words, search_grams)
    values (${id}, ${`REF-${id}`}, 'someone', ${title}, '', 'pending', 1, 1, 1, 1, ${doc.words}, ${doc.grams})`.execute(
      trx,
    ),
  );
};
const migrateTo = async (file: string, name: string) => {
  const db = new Kysely<unknown>({ dialect: createSqliteDialect(file) });
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
};
const withKysely = async (file: string, fn: (db: Kysely<unknown>) => Promise<unknown>) => {
  const db = new Kysely<unknown>({ dialect: createSqliteDialect(file) });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
};

describe('migration 008: the search text of new SQLite tickets travels in the queue', () => {
  it('keeps new ticket rows free of it, finds old and new tickets, and migrates back down', async () => {
    const file = join(dir, 'm008.db');
    await migrateTo(file, '007_written_search_vectors');
    await withKysely(file, (db) => rawInsert(db, 'old-1', '图书馆空调不制冷'));

    const database = await openDatabase({ sqlitePath: file });
    await database.migrate();
    const search = async (q: string) =>
      (await database.stores.tickets.list({ search: parseSearchQuery(q) }, 'created_desc', 10, null)).items
        .map((t) => t.id)
        .sort();
    try {
      const fresh = makeTicket({ id: 'new-1', title: '宿舍空调漏水', body: '三号楼' });
      await database.transaction((s) => s.tickets.insert(fresh, searchDocument(fresh.title, fresh.body)));
      await withKysely(file, (db) => rawInsert(db, 'raw-1', '食堂空调太冷'));
      expect(await search('空调')).toEqual(['new-1', 'old-1', 'raw-1']);
      expect(await search('漏水')).toEqual(['new-1']);
    } finally {
      await database.close();
    }
    const probe = new SqliteDatabase(file, { readonly: true });
    try {
      const rows = probe
        .prepare('select id, length(search_words) + length(search_grams) as n from tickets order by id')
        .all();
      // The repository's row carries no text; rows written with their text keep it.
      expect(rows).toEqual([
        { id: 'new-1', n: 0 },
        { id: 'old-1', n: expect.any(Number) },
        { id: 'raw-1', n: expect.any(Number) },
      ]);
      expect((rows[1] as { n: number }).n).toBeGreaterThan(0);
      expect(probe.prepare('select count(*) as n from ticket_fts_queue').get()).toEqual({ n: 0 });
    } finally {
      probe.close();
    }

    // Down again: the queue holds rowids only, and the text of a row is indexed again.
    await migrateTo(file, '007_written_search_vectors');
    await withKysely(file, (db) => rawInsert(db, 'raw-2', '教室空调遥控器丢了'));
    const again = await openDatabase({ sqlitePath: file });
    try {
      const found = await again.stores.tickets.list({ search: parseSearchQuery('空调') }, 'created_desc', 10, null);
      expect(found.items.map((t) => t.id).sort()).toEqual(['new-1', 'old-1', 'raw-1', 'raw-2']);
    } finally {
      await again.close();
    }
  });
});

describe('migration 009: the full-text index tokenizes with ascii', () => {
  it('indexes every ticket again, finds them with or without diacritics, and migrates back down', async () => {
    const file = join(dir, 'm009.db');
    await migrateTo(file, '008_search_text_in_queue');
    await withKysely(file, (db) => rawInsert(db, 'old-1', 'Café 图书馆空调不制冷'));
    const tokenizer = () => {
      const probe = new SqliteDatabase(file, { readonly: true });
      try {
        const { sql: ddl } = probe.prepare("select sql from sqlite_master where name = 'ticket_fts'").get() as {
          sql: string;
        };
        const automerge = probe.prepare("select v from ticket_fts_config where k = 'automerge'").get() as
          | { v: number }
          | undefined;
        return { ddl, automerge: automerge?.v };
      } finally {
        probe.close();
      }
    };
    expect(tokenizer().ddl).toContain("tokenize = 'unicode61'");

    const database = await openDatabase({ sqlitePath: file });
    await database.migrate();
    const search = async (db: typeof database, q: string) =>
      (await db.stores.tickets.list({ search: parseSearchQuery(q) }, 'created_desc', 10, null)).items
        .map((t) => t.id)
        .sort();
    try {
      expect(tokenizer()).toEqual({ ddl: expect.stringContaining("tokenize = 'ascii'"), automerge: 8 });
      const fresh = makeTicket({ id: 'new-1', title: '宿舍空调漏水', body: 'naïve cafe' });
      await database.transaction((s) => s.tickets.insert(fresh, searchDocument(fresh.title, fresh.body)));
      expect(await search(database, '空调')).toEqual(['new-1', 'old-1']);
      expect(await search(database, 'cafe')).toEqual(['new-1', 'old-1']);
      expect(await search(database, 'CAFÉ')).toEqual(['new-1', 'old-1']);
      expect(await search(database, 'naive')).toEqual(['new-1']);
      expect(await search(database, '制冷')).toEqual(['old-1']);
    } finally {
      await database.close();
    }

    await migrateTo(file, '008_search_text_in_queue');
    expect(tokenizer().ddl).toContain("tokenize = 'unicode61'");
    await withKysely(file, (db) => rawInsert(db, 'raw-1', '食堂空调太冷'));
    const again = await openDatabase({ sqlitePath: file });
    await again.migrate(); // up again: everything is indexed once more
    try {
      expect(await search(again, '空调')).toEqual(['new-1', 'old-1', 'raw-1']);
      expect(await search(again, 'café')).toEqual(['new-1', 'old-1']);
    } finally {
      await again.close();
    }
  });
});

describe('bulk writes on SQLite', () => {
  it('give the writer a bigger page cache while they run, and take it back after, also on failure', async () => {
    const dialect = createSqliteDialect(join(dir, 'bulk.db'));
    const db = new Kysely<unknown>({ dialect });
    try {
      const normal = dialect.writerCacheKiB();
      expect(normal).toBe(4 * 1024);
      const seen: number[] = [];
      await dialect.bulk(async () => {
        seen.push(dialect.writerCacheKiB());
        // Nested (two sweeps at once): the inner one ending leaves the outer one's cache.
        await dialect.bulk(async () => seen.push(dialect.writerCacheKiB()));
        seen.push(dialect.writerCacheKiB());
      });
      expect(seen).toEqual([64 * 1024, 64 * 1024, 64 * 1024]);
      expect(dialect.writerCacheKiB()).toBe(normal);
      await expect(
        dialect.bulk(async () => {
          throw new Error('sweep failed');
        }),
      ).rejects.toThrow('sweep failed');
      expect(dialect.writerCacheKiB()).toBe(normal);
    } finally {
      await db.destroy();
    }
  });
});
