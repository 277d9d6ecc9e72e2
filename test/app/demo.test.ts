import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depsFor } from '../../src/bootstrap.ts';
import { openDatabase } from '../../src/db/database.ts';
import { ROLES } from '../../src/domain/actor.ts';
import type { TicketEvent } from '../../src/domain/ticket/events.ts';
import { TICKET_STATUSES, type Ticket } from '../../src/domain/ticket/types.ts';
import { createUser } from '../../src/app/admin/directory.ts';
import { signIn } from '../../src/app/sessions/sessions.ts';
import type { AppDeps } from '../../src/app/context.ts';
import { AppError } from '../../src/app/errors.ts';
import type { Database } from '../../src/app/ports/store.ts';
import { type DemoAccounts, ensureDemoSeed, seedDemo } from '../../src/app/seed/demo.ts';

const SETTINGS = { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 3_600_000 };
const DAY = 86_400_000;

async function fresh(now: number): Promise<{ deps: AppDeps; db: Database; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'nlt-seed-'));
  const db = await openDatabase({ sqlitePath: join(dir, 'demo.db') });
  await db.migrate();
  const deps = depsFor(db, SETTINGS, { now: () => now });
  return {
    deps,
    db,
    done: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function allTickets(db: Database): Promise<Ticket[]> {
  const out: Ticket[] = [];
  let cursor: string | null = null;
  do {
    const page = await db.stores.tickets.list({}, 'created_desc', 100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('ensureDemoSeed', () => {
  const now = Date.parse('2025-12-10T10:00:00+08:00');
  let env: Awaited<ReturnType<typeof fresh>>;
  let accounts: DemoAccounts | null;
  let tickets: Ticket[];
  const events = new Map<string, TicketEvent[]>();

  beforeAll(async () => {
    env = await fresh(now);
    const started = Date.now();
    accounts = await ensureDemoSeed(env.deps);
    // "A few seconds" on SQLite; generous here for loaded CI machines.
    expect(Date.now() - started).toBeLessThan(25_000);
    tickets = await allTickets(env.db);
    for (const t of tickets) events.set(t.id, await env.db.stores.events.listForTicket(t.id, 'all'));
  });
  afterAll(async () => {
    await env?.done();
  });

  it('creates a directory: units, categories with and without default units, policies', async () => {
    const units = await env.db.stores.units.list(true);
    expect(units.length).toBeGreaterThanOrEqual(12);
    expect(units.map((u) => u.nameZh)).toEqual(
      expect.arrayContaining(['教务处', '后勤管理处', '保卫处', '信息化中心', '图书馆']),
    );
    expect(units.find((u) => u.code === 'JWC')?.nameEn).toBe('Academic Affairs Office');
    expect(units.some((u) => u.kind === 'college')).toBe(true);
    const categories = await env.db.stores.categories.list(true);
    expect(categories.length).toBeGreaterThanOrEqual(8);
    const logistics = units.find((u) => u.nameZh === '后勤管理处');
    expect(categories.find((c) => c.nameZh === '后勤维修')?.defaultUnitId).toBe(logistics?.id);
    expect(categories.find((c) => c.nameZh === '建议')?.defaultUnitId).toBeNull();
    expect((await env.db.stores.policies.list()).length).toBeGreaterThan(0);
  });

  it('returns one working account per role, each with its own random password', async () => {
    expect(accounts).not.toBeNull();
    const list = accounts ?? [];
    for (const name of ['student', 'staff', 'officer', 'inspector', 'supervisor', 'leader', 'admin']) {
      expect(list.map((a) => a.username)).toContain(name);
    }
    for (const role of ROLES) expect((await env.db.stores.users.withRole(role)).length).toBeGreaterThanOrEqual(1);
    expect(new Set(list.map((a) => a.password)).size).toBe(list.length);
    for (const a of list) expect(a.password).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(list.find((a) => a.username === 'leader')?.roles).toEqual(['leader:HQC', 'leader:BWC', 'leader:XXZX']);
    expect(list.find((a) => a.username === 'inspector')?.roles).toEqual(['inspector:HQC', 'inspector:JWC']);
    const student = list.find((a) => a.username === 'student');
    const signedIn = await signIn(env.deps, 'student', student?.password ?? '');
    expect(signedIn.user.username).toBe('student');
  });

  it('leaves about 200 requests spread over the last six months', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(150);
    expect(tickets.length).toBeLessThanOrEqual(250);
    const created = tickets.map((t) => t.createdAt);
    expect(Math.min(...created)).toBeLessThan(now - 150 * DAY);
    expect(Math.max(...created)).toBeLessThanOrEqual(now);
    expect(Math.max(...created)).toBeGreaterThan(now - 3 * DAY);
    expect(new Set(tickets.map((t) => t.unitId ?? t.formerUnitIds[0])).size).toBeGreaterThanOrEqual(10);
  });

  it('leaves a mix of states, escalations, dispatch items, ratings, reopens', () => {
    const by = (s: string) => tickets.filter((t) => t.status === s).length;
    for (const s of ['pending', 'processing', 'awaiting_submitter', 'dispatch', 'resolved', 'closed', 'withdrawn']) {
      expect(by(s), s).toBeGreaterThanOrEqual(1);
    }
    expect(TICKET_STATUSES.filter((s) => by(s) > 0).length).toBeGreaterThanOrEqual(7);
    // Open and overdue right now, escalated by the sweeps.
    expect(tickets.some((t) => t.status === 'pending' && t.escalationLevel >= 1 && (t.resolveDueAt ?? now) < now)).toBe(
      true,
    );
    const rated = tickets.filter((t) => t.rating !== null);
    expect(rated.filter((t) => (t.rating?.quality ?? 0) >= 4).length).toBeGreaterThan(rated.length / 2);
    expect(rated.some((t) => (t.rating?.quality ?? 5) <= 2)).toBe(true);
    expect(tickets.some((t) => t.closedUnrated)).toBe(true);
    expect(tickets.some((t) => t.reopenCount > 0 && t.flagged)).toBe(true);
    expect(tickets.some((t) => t.outcome === 'explained')).toBe(true);
    expect(tickets.some((t) => t.coUnitIds.length > 0)).toBe(true);
    expect(tickets.some((t) => t.excellent)).toBe(true);
    expect(tickets.some((t) => t.resolvedOnTime === false)).toBe(true);
  });

  it('gives every request a consistent timeline made by the real use cases', () => {
    const types = new Set<string>();
    for (const t of tickets) {
      const ev = events.get(t.id) ?? [];
      expect(ev.length, t.ref).toBe(t.version);
      expect(ev[0]?.data.type).toBe('submitted');
      for (let i = 1; i < ev.length; i++) expect((ev[i]?.at ?? 0) >= (ev[i - 1]?.at ?? 0)).toBe(true);
      expect(ev.at(-1)?.at).toBeLessThanOrEqual(now);
      expect(
        t.ref.startsWith(new Date(t.createdAt + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')),
      ).toBe(true);
      for (const e of ev) types.add(e.data.type);
    }
    for (const type of [
      'accepted',
      'reminded',
      'escalated',
      'urged',
      'instructed',
      'interim_replied',
      'extension_approved',
      'info_requested',
      'info_provided',
      'returned',
      'reassigned',
      'co_handlers_set',
      'noted',
      'resolved',
      'rated',
      'reopened',
      'auto_closed',
      'withdrawn',
      'marked_excellent',
    ]) {
      expect(types, type).toContain(type);
    }
    // Escalations come from the sweep (system) and from people (a supervisor to the leader).
    const escalations = [...events.values()].flat().filter((e) => e.data.type === 'escalated');
    expect(escalations.some((e) => e.actorRole === 'system')).toBe(true);
    expect(escalations.some((e) => e.actorRole === 'supervisor')).toBe(true);
  });

  it('does nothing the second time', async () => {
    const before = await env.db.stores.tickets.count({});
    expect(await ensureDemoSeed(env.deps)).toBeNull();
    expect(await env.db.stores.tickets.count({})).toBe(before);
    expect((await env.db.stores.units.list(true)).length).toBeGreaterThanOrEqual(12);
  });

  it('refuses seedDemo on a database with users, and with --force when it has units', async () => {
    await expect(seedDemo(env.deps)).rejects.toMatchObject({ code: 'CONFLICT', params: { reason: 'has_users' } });
    await expect(seedDemo(env.deps, { force: true })).rejects.toMatchObject({
      code: 'CONFLICT',
      params: { reason: 'has_units' },
    });
  });
});

describe('seedDemo', () => {
  it('plays every planned action without a refusal, whatever the date (here just after the Spring Festival)', async () => {
    const env = await fresh(Date.parse('2026-02-25T16:30:00+08:00'));
    try {
      const report = await seedDemo(env.deps, { seed: 7 });
      expect(report.refused).toEqual([]);
      expect(report.tickets).toBe(200);
      expect(report.byStatus.dispatch).toBeGreaterThanOrEqual(1);
      expect(report.escalated).toBeGreaterThanOrEqual(1);
    } finally {
      await env.done();
    }
  });

  it('with force, adds the demo next to existing users when there are no units, renaming taken usernames', async () => {
    const env = await fresh(Date.parse('2025-12-10T10:00:00+08:00'));
    try {
      await createUser(env.deps, {
        username: 'admin',
        displayName: 'Real admin',
        password: 'correct horse',
        kind: 'staff',
      });
      await expect(seedDemo(env.deps)).rejects.toBeInstanceOf(AppError);
      const report = await seedDemo(env.deps, { force: true, tickets: 30 });
      expect(report.accounts.find((a) => a.roles.includes('admin'))?.username).toBe('admin-demo');
      expect(report.tickets).toBe(30);
      expect(report.refused).toEqual([]);
      expect((await env.db.stores.users.getByUsername('admin'))?.displayName).toBe('Real admin');
    } finally {
      await env.done();
    }
  });
});
