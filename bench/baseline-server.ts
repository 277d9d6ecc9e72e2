/**
 * The baseline of `bench:submit`: a bare Fastify 5 server whose one route inserts one row of
 * about a ticket's size (text id, ~300-character body, a title, a few integers) into the same
 * engine with the same settings as the application — SQLite in WAL mode with
 * synchronous=FULL through better-sqlite3, or PostgreSQL through a pg pool of 10 — and
 * answers 201. No authentication, no validation schema, no transaction around the insert:
 * the least a durable write over HTTP costs on this machine.
 *
 * Run by bench/submit.ts as a child process:
 *   BASELINE_DB=<sqlite file> | BASELINE_DATABASE_URL=postgres://… PORT=… node --import tsx bench/baseline-server.ts
 */
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.env.PORT ?? 0);
const pgUrl = process.env.BASELINE_DATABASE_URL;
const sqlitePath = process.env.BASELINE_DB;

const CREATE = `create table if not exists baseline_rows (
  id text primary key, title text not null, body text not null, status integer not null,
  level integer not null, created_at bigint not null, updated_at bigint not null, version integer not null)`;

type Insert = (id: string, title: string, body: string, now: number) => Promise<void>;

async function openStore(): Promise<{ insert: Insert; close(): Promise<void> }> {
  if (pgUrl) {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
    pool.on('error', (err) => console.error('baseline pool error:', err));
    await pool.query(CREATE);
    const text =
      'insert into baseline_rows (id, title, body, status, level, created_at, updated_at, version) values ($1, $2, $3, 1, 0, $4, $4, 1)';
    return {
      insert: async (id, title, body, now) => {
        await pool.query(text, [id, title, body, now]);
      },
      close: () => pool.end(),
    };
  }
  if (!sqlitePath) throw new Error('set BASELINE_DB (SQLite file) or BASELINE_DATABASE_URL');
  const db = new SqliteDatabase(sqlitePath);
  // The application's settings (src/db/dialects/sqlite-driver.ts).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.exec(CREATE);
  const stmt = db.prepare(
    'insert into baseline_rows (id, title, body, status, level, created_at, updated_at, version) values (?, ?, ?, 1, 0, ?, ?, 1)',
  );
  return {
    insert: async (id, title, body, now) => {
      stmt.run(id, title, body, now, now);
    },
    close: async () => {
      db.close();
    },
  };
}

const store = await openStore();
const app = Fastify({ logger: false });
app.post<{ Body: { title?: string; body?: string } }>('/rows', async (req, reply) => {
  const id = randomUUID();
  const now = Date.now();
  await store.insert(id, String(req.body?.title ?? ''), String(req.body?.body ?? ''), now);
  return reply.status(201).send({ id, createdAt: now });
});
app.get('/healthz', async () => ({ ok: true }));

await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`baseline listening on ${port}\n`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
