import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { Database, User } from '../../src/app/ports/store.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Ticket } from '../../src/domain/ticket/types.ts';

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database; its close() also deletes it. */
  open(): Promise<Database>;
}

async function openSqlite(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'nlt-test-'));
  const db = await openDatabase({ sqlitePath: join(dir, 'test.db') });
  await db.migrate();
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function openPostgres(serverUrl: string): Promise<Database> {
  const name = `nlt_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name} template template0 encoding 'UTF8'`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  const drop = async () => {
    await db.close();
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  try {
    await db.migrate();
  } catch (e) {
    await drop();
    throw e;
  }
  return { ...db, close: drop };
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set (a server URL whose database we may use to create others). */
export const dialects: TestDialect[] = [
  { name: 'sqlite', open: openSqlite },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, open: () => openPostgres(process.env.TEST_DATABASE_URL as string) }]
    : []),
];

/** One `describe` per dialect, named after it. */
export function describeEachDialect(name: string, fn: (d: TestDialect) => void): void {
  for (const d of dialects) describe(`${name} [${d.name}]`, () => fn(d));
}

// Instants past 2^31 ms so a BIGINT returned as a string or truncated would show.
export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let seq = 0;

/** A plain pending ticket; every field can be overridden. Ids and refs are unique per process. */
export function makeTicket(over: Partial<Ticket> = {}): Ticket {
  seq += 1;
  const n = String(seq).padStart(6, '0');
  return {
    id: `t-${n}`,
    ref: `20260101-${n}`,
    submitterId: 'user-a',
    categoryId: 'cat-repair',
    unitId: 'unit-logistics',
    coUnitIds: [],
    formerUnitIds: [],
    title: '报修',
    body: '宿舍的灯坏了',
    place: null,
    anonymousToUnit: false,
    publishConsent: false,
    status: 'pending',
    escalationLevel: 0,
    routedAt: T0,
    acceptDueAt: T0 + DAY,
    acceptedAt: null,
    resolveDueAt: T0 + 3 * DAY,
    escalateAt: T0 + 3 * DAY,
    sweepAt: T0 + DAY,
    pausedAt: null,
    remindedAt: null,
    pendingExtensionUntil: null,
    interimRepliedAt: null,
    resolvedAt: null,
    outcome: null,
    resolvedOnTime: null,
    autoCloseAt: null,
    closedAt: null,
    closedUnrated: false,
    rating: null,
    reopenCount: 0,
    flagged: false,
    excellent: false,
    mergedInto: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

/** A user row with plain defaults (a student, active, created at T0). */
export function makeUser(id: string, over: Partial<User> = {}): User {
  return {
    id,
    username: id,
    displayName: id,
    email: null,
    phone: null,
    kind: 'student',
    locale: null,
    active: true,
    createdAt: T0,
    ...over,
  };
}
