import { CompiledQuery, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDialect, type PostgresHandle } from '../../src/db/dialects/postgres-driver.ts';
import { prepared } from '../../src/db/dialects/prepared.ts';

const url = process.env.TEST_DATABASE_URL;

// Prepared statements live on the server, per connection: only PostgreSQL has them to show.
describe.skipIf(!url)('named prepared statements [postgres]', () => {
  let handle: PostgresHandle;
  let db: Kysely<unknown>;
  beforeAll(async () => {
    handle = await createPostgresDialect(url as string, () => {});
    db = new Kysely({ dialect: handle.dialect });
  });
  afterAll(() => db.destroy());

  const namesOn = (conn: Kysely<unknown>) =>
    sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`
      .execute(conn)
      .then((r) => r.rows);

  it('parses a marked text once per connection and runs it under its name with new values', async () => {
    const text = 'select $1::int + 41 as answer /* prepared-statements.test */';
    await db.connection().execute(async (conn) => {
      const answers: number[] = [];
      for (const n of [1, 2, 3]) {
        const r = await conn.executeQuery<{ answer: number }>(prepared(CompiledQuery.raw(text, [n])));
        answers.push(r.rows[0]?.answer as number);
      }
      expect(answers).toEqual([42, 43, 44]);
      const mine = (await namesOn(conn)).filter((s) => s.statement === text);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.name).toMatch(/^nlt_\d+$/);
    });
  });

  it('leaves unmarked texts unnamed', async () => {
    const text = 'select $1::int * 2 as doubled /* prepared-statements.test, unmarked */';
    await db.connection().execute(async (conn) => {
      const r = await conn.executeQuery<{ doubled: number }>(CompiledQuery.raw(text, [21]));
      expect(r.rows[0]?.doubled).toBe(42);
      expect((await namesOn(conn)).some((s) => s.statement === text)).toBe(false);
    });
  });
});
