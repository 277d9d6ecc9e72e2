import { join } from 'node:path';
import { Kysely, Migrator, type Transaction } from 'kysely';
import type { Database, Stores } from '../app/ports/store.ts';
import { createPostgresDialect } from './dialects/postgres-driver.ts';
import { createSqliteDialect } from './dialects/sqlite-driver.ts';
import { migrationProvider } from './migrations/index.ts';
import { createAttachmentRepository } from './repositories/attachment.repository.ts';
import { createCalendarRepository } from './repositories/calendar.repository.ts';
import { createCategoryRepository } from './repositories/category.repository.ts';
import { createEventRepository } from './repositories/event.repository.ts';
import { createIdempotencyRepository } from './repositories/idempotency.repository.ts';
import { createPolicyRepository } from './repositories/policy.repository.ts';
import { createSessionRepository } from './repositories/session.repository.ts';
import { createTicketRepository } from './repositories/ticket.repository.ts';
import { createUnitRepository } from './repositories/unit.repository.ts';
import { createUserRepository } from './repositories/user.repository.ts';
import type { DB } from './schema/index.ts';

export interface OpenDatabaseOptions {
  /** `postgres://…` (or `postgresql://…`) selects PostgreSQL; anything else is ignored. */
  url?: string;
  /** The SQLite file when no PostgreSQL url is given; default `data/nonglintong.db`. */
  sqlitePath?: string;
  /** Errors of idle PostgreSQL connections (they are replaced); default: printed to stderr. */
  onPoolError?: (err: Error) => void;
}

export const DEFAULT_SQLITE_PATH = join('data', 'nonglintong.db');

/** Every repository bound to one connection or transaction. */
export function createStores(db: Kysely<DB> | Transaction<DB>, dialect: 'sqlite' | 'postgres'): Stores {
  return {
    tickets: createTicketRepository(db, dialect),
    events: createEventRepository(db, dialect),
    users: createUserRepository(db, dialect),
    sessions: createSessionRepository(db, dialect),
    units: createUnitRepository(db, dialect),
    categories: createCategoryRepository(db, dialect),
    policies: createPolicyRepository(db, dialect),
    calendar: createCalendarRepository(db, dialect),
    idempotency: createIdempotencyRepository(db, dialect),
    attachments: createAttachmentRepository(db, dialect),
  };
}

function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the database: PostgreSQL when `url` is a postgres:// URL, else a SQLite file.
 *
 * On SQLite the writes of one process take turns on one connection: concurrent
 * `transaction` calls run one after the other, never interleaved, and the transactions of
 * one event-loop turn share one fsync'd COMMIT (see `sqlite-driver.ts`). Plain reads use a
 * second connection that sees committed data only. So inside `transaction(fn)` use only the
 * stores handed to `fn`: a read through `db.stores` there would not see the transaction's
 * own writes, and a write through it would wait for the transaction itself to end.
 */
export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const postgres = isPostgresUrl(opts.url);
  const dialectName = postgres ? 'postgres' : 'sqlite';
  const sqlite = postgres ? null : createSqliteDialect(opts.sqlitePath ?? DEFAULT_SQLITE_PATH);
  const kysely = new Kysely<DB>({
    dialect:
      sqlite ??
      (
        await createPostgresDialect(
          opts.url as string,
          opts.onPoolError ?? ((err) => console.error('postgres pool error:', err)),
        )
      ).dialect,
  });

  const stores = createStores(kysely, dialectName);

  return {
    dialect: dialectName,
    stores,
    transaction: (fn) => kysely.transaction().execute((trx) => fn(createStores(trx, dialectName))),
    bulk: (fn) => (sqlite === null ? fn() : sqlite.bulk(fn)),
    async migrate() {
      const migrator = new Migrator({ db: kysely, provider: migrationProvider });
      const { error, results } = await migrator.migrateToLatest();
      if (error !== undefined) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName;
        throw new Error(
          `migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
    },
    close: () => kysely.destroy(),
  };
}
