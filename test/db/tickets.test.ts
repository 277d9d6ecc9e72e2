import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, TicketFilter, TicketSort } from '../../src/app/ports/store.ts';
import { parseSearchQuery, searchDocument } from '../../src/domain/text/search.ts';
import type { Ticket, TicketStatus } from '../../src/domain/ticket/types.ts';
import type { TicketEvent } from '../../src/domain/ticket/events.ts';
import { DAY, describeEachDialect, HOUR, makeTicket, T0 } from '../helpers/db.ts';

const docOf = (t: Ticket) => searchDocument(t.title, t.body, t.place ?? '');

async function insertAll(db: Database, tickets: readonly Ticket[]): Promise<void> {
  await db.transaction(async (s) => {
    for (const t of tickets) await s.tickets.insert(t, docOf(t));
  });
}

/** Every page of a listing, following cursors to the end. */
async function listAll(
  db: Database,
  filter: TicketFilter,
  sort: TicketSort,
  pageSize: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await db.stores.tickets.list(filter, sort, pageSize, cursor);
    ids.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor !== null);
  return { ids, pages };
}

// --- A reference model of the filters and sorts, to compare the SQL against ---------------

function relationOf(t: Ticket, unit: string): 'lead' | 'co' | 'former' | null {
  if (t.unitId === unit) return 'lead';
  if (t.coUnitIds.includes(unit)) return 'co';
  if (t.formerUnitIds.includes(unit)) return 'former';
  return null;
}

function modelMatches(t: Ticket, f: TicketFilter): boolean {
  if (f.visibleTo !== undefined) {
    const { submitterId, unitIds = [], unitRoles = ['lead', 'co', 'former'] } = f.visibleTo;
    const mine = submitterId !== undefined && t.submitterId === submitterId;
    const units = unitIds.some((u) => {
      const r = relationOf(t, u);
      return r !== null && unitRoles.includes(r);
    });
    if (!mine && !units) return false;
  }
  if (f.submitterId !== undefined && t.submitterId !== f.submitterId) return false;
  if (f.leadUnitIds !== undefined && (t.unitId === null || !f.leadUnitIds.includes(t.unitId))) return false;
  if (f.statuses !== undefined && !f.statuses.includes(t.status)) return false;
  if (f.categoryId !== undefined && t.categoryId !== f.categoryId) return false;
  if (f.overdueAt !== undefined) {
    const now = f.overdueAt;
    const overdue =
      ((t.status === 'pending' || t.status === 'processing') && t.resolveDueAt !== null && t.resolveDueAt < now) ||
      (t.status === 'dispatch' && t.acceptDueAt !== null && t.acceptDueAt < now);
    if (!overdue) return false;
  }
  if (f.notOverdueAt !== undefined && modelMatches(t, { overdueAt: f.notOverdueAt })) return false;
  if (f.pendingExtension !== undefined && (t.pendingExtensionUntil !== null) !== f.pendingExtension) return false;
  if (f.minEscalationLevel !== undefined && t.escalationLevel < f.minEscalationLevel) return false;
  if (f.escalationLevel !== undefined && t.escalationLevel !== f.escalationLevel) return false;
  if (f.createdFrom !== undefined && t.createdAt < f.createdFrom) return false;
  if (f.createdTo !== undefined && t.createdAt >= f.createdTo) return false;
  if (f.flagged !== undefined && t.flagged !== f.flagged) return false;
  if (f.excellent !== undefined && t.excellent !== f.excellent) return false;
  return true;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function modelList(all: readonly Ticket[], f: TicketFilter, sort: 'created_desc' | 'deadline_asc'): string[] {
  const hits = all.filter((t) => modelMatches(t, f));
  hits.sort((a, b) => {
    if (sort === 'created_desc') return b.createdAt - a.createdAt || cmp(b.id, a.id);
    const da = a.resolveDueAt ?? Number.POSITIVE_INFINITY;
    const db = b.resolveDueAt ?? Number.POSITIVE_INFINITY;
    return (da === db ? 0 : da < db ? -1 : 1) || cmp(a.id, b.id);
  });
  return hits.map((t) => t.id);
}

// --- Fixtures for the read tests -------------------------------------------------------------

const U = { A: 'unit-a', B: 'unit-b', C: 'unit-c', D: 'unit-d' } as const;

function readFixtures(): Ticket[] {
  const t = (n: number, over: Partial<Ticket>) =>
    makeTicket({
      id: `r-${String(n).padStart(2, '0')}`,
      ref: `20260101-R${n}`,
      body: `第${n}号诉求：东区路灯坏了`,
      ...over,
    });
  return [
    t(1, {
      submitterId: 's1',
      unitId: U.A,
      status: 'pending',
      createdAt: T0 + 1 * HOUR,
      resolveDueAt: T0 + 3 * DAY,
      acceptDueAt: T0 + DAY,
    }),
    t(2, {
      submitterId: 's1',
      unitId: U.B,
      coUnitIds: [U.A],
      status: 'processing',
      createdAt: T0 + 2 * HOUR,
      resolveDueAt: T0 + 2 * DAY,
      escalationLevel: 1,
      flagged: true,
      pendingExtensionUntil: T0 + 20 * DAY, // a longer promise waiting for a supervisor
    }),
    t(3, {
      submitterId: 's2',
      unitId: U.A,
      formerUnitIds: [U.B],
      status: 'processing',
      createdAt: T0 + 3 * HOUR,
      resolveDueAt: T0 + DAY,
      escalationLevel: 2,
      excellent: true,
    }),
    t(4, {
      submitterId: 's2',
      unitId: null,
      formerUnitIds: [U.A],
      status: 'dispatch',
      createdAt: T0 + 4 * HOUR,
      acceptDueAt: T0 + DAY / 2,
      resolveDueAt: null,
    }),
    t(5, {
      submitterId: 's1',
      unitId: U.C,
      status: 'awaiting_submitter',
      createdAt: T0 + 5 * HOUR,
      resolveDueAt: T0 + DAY,
      pausedAt: T0 + 6 * HOUR,
    }),
    // Same creation instant as r-05: the id breaks the tie.
    t(6, {
      submitterId: 's2',
      unitId: U.A,
      status: 'resolved',
      createdAt: T0 + 5 * HOUR,
      resolveDueAt: T0 + DAY,
      excellent: true,
      categoryId: 'cat-network',
    }),
    t(7, {
      submitterId: 's1',
      unitId: U.B,
      status: 'closed',
      createdAt: T0 + 6 * HOUR,
      resolveDueAt: null,
      escalationLevel: 3,
      sweepAt: null,
    }),
    t(8, {
      submitterId: 's2',
      unitId: U.C,
      coUnitIds: [U.B, U.D],
      status: 'pending',
      createdAt: T0 + 7 * HOUR,
      resolveDueAt: T0 + 5 * DAY,
      categoryId: 'cat-network',
    }),
    // A unit that is lead and also listed as former keeps the lead relation only.
    t(9, {
      submitterId: 's3',
      unitId: U.D,
      formerUnitIds: [U.D, U.C],
      status: 'processing',
      createdAt: T0 + 8 * HOUR,
      resolveDueAt: T0 + 2 * DAY,
      flagged: true,
      escalationLevel: 1,
    }),
    t(10, {
      submitterId: 's3',
      unitId: U.A,
      status: 'dispatch',
      createdAt: T0 + 9 * HOUR,
      acceptDueAt: T0 + 3 * DAY,
      resolveDueAt: T0 + 4 * DAY,
    }),
    t(11, {
      submitterId: 's1',
      unitId: U.D,
      status: 'withdrawn',
      createdAt: T0 + 10 * HOUR,
      resolveDueAt: T0 + 2 * DAY,
      categoryId: null,
    }),
    t(12, {
      submitterId: 's2',
      unitId: U.B,
      status: 'merged',
      createdAt: T0 + 11 * HOUR,
      resolveDueAt: T0 + 2 * DAY,
      mergedInto: 'r-02',
    }),
    t(13, {
      submitterId: 's3',
      unitId: U.C,
      status: 'pending',
      createdAt: T0 + 12 * HOUR,
      resolveDueAt: null,
      acceptDueAt: null,
    }),
  ];
}

const STATUSES: TicketStatus[] = [
  'pending',
  'processing',
  'awaiting_submitter',
  'dispatch',
  'resolved',
  'closed',
  'withdrawn',
  'merged',
];

describeEachDialect('tickets', (d) => {
  describe('reads', () => {
    let db: Database;
    const fixtures = readFixtures();
    const searchTickets = [
      makeTicket({
        id: 's-lab',
        title: '空调',
        body: '实验室内的空调坏了',
        createdAt: T0 + 20 * HOUR,
        submitterId: 'searcher',
      }),
      // "制冷" is a segmenter word here ...
      makeTicket({
        id: 's-word',
        title: '报修',
        body: '空调不制冷',
        createdAt: T0 + 21 * HOUR,
        submitterId: 'searcher',
      }),
      // ... and only a bigram here (控制 / 冷气), in a newer ticket.
      makeTicket({
        id: 's-gram',
        title: '报修',
        body: '控制冷气的开关坏了',
        createdAt: T0 + 22 * HOUR,
        submitterId: 'searcher',
      }),
      makeTicket({
        id: 's-wifi',
        title: '网络',
        body: '宿舍楼wifi6信号差',
        createdAt: T0 + 23 * HOUR,
        submitterId: 'searcher',
      }),
    ];
    // Many tickets sharing a term, for relevance pagination.
    const lamps = Array.from({ length: 11 }, (_, i) =>
      makeTicket({
        id: `lamp-${String(i).padStart(2, '0')}`,
        title: i % 3 === 0 ? '路灯' : '报修',
        body: i % 2 === 0 ? '西区路灯不亮' : '西区的灯不亮了，还有路灯',
        createdAt: T0 + 30 * HOUR + (i % 4) * HOUR,
        submitterId: 'lamp-man',
      }),
    );

    beforeAll(async () => {
      db = await d.open();
      await insertAll(db, [...fixtures, ...searchTickets, ...lamps]);
    });
    afterAll(async () => {
      await db?.close();
    });

    // The fixtures of the filter tests are the tickets created before the search fixtures.
    const scoped = (f: TicketFilter): TicketFilter => ({
      ...f,
      createdTo: Math.min(f.createdTo ?? Number.POSITIVE_INFINITY, T0 + 20 * HOUR),
    });

    const cases: [string, TicketFilter][] = [
      ['no filter', {}],
      ['visibleTo submitter', { visibleTo: { submitterId: 's1' } }],
      ['visibleTo units (any relation)', { visibleTo: { unitIds: [U.A] } }],
      ['visibleTo units, lead only', { visibleTo: { unitIds: [U.A, U.D], unitRoles: ['lead'] } }],
      ['visibleTo units, co only', { visibleTo: { unitIds: [U.A, U.B], unitRoles: ['co'] } }],
      ['visibleTo units, former only', { visibleTo: { unitIds: [U.A, U.B, U.C, U.D], unitRoles: ['former'] } }],
      ['visibleTo submitter or unit', { visibleTo: { submitterId: 's3', unitIds: [U.B] } }],
      ['visibleTo nothing', { visibleTo: {} }],
      ['visibleTo no units', { visibleTo: { unitIds: [] } }],
      ['submitterId', { submitterId: 's2' }],
      ['leadUnitIds', { leadUnitIds: [U.A, U.C] }],
      ['leadUnitIds empty', { leadUnitIds: [] }],
      ['statuses', { statuses: ['pending', 'dispatch'] }],
      ['statuses empty', { statuses: [] }],
      ['categoryId', { categoryId: 'cat-network' }],
      ['overdueAt', { overdueAt: T0 + DAY + HOUR }],
      ['overdueAt later', { overdueAt: T0 + 3 * DAY + HOUR }],
      ['notOverdueAt', { notOverdueAt: T0 + DAY + HOUR }],
      ['notOverdueAt later', { notOverdueAt: T0 + 3 * DAY + HOUR }],
      ['pendingExtension', { pendingExtension: true }],
      ['no pendingExtension', { pendingExtension: false }],
      ['minEscalationLevel', { minEscalationLevel: 1 }],
      ['escalationLevel', { escalationLevel: 2 }],
      ['createdFrom', { createdFrom: T0 + 5 * HOUR }],
      ['createdTo (exclusive)', { createdTo: T0 + 5 * HOUR }],
      ['flagged', { flagged: true }],
      ['not flagged', { flagged: false }],
      ['excellent', { excellent: true }],
      ['combined', { visibleTo: { unitIds: [U.A, U.B] }, statuses: ['processing', 'pending'], minEscalationLevel: 1 }],
    ];

    for (const [name, filter] of cases) {
      it(`filter: ${name}`, async () => {
        const f = scoped(filter);
        const expected = modelList(fixtures, f, 'created_desc');
        const page = await db.stores.tickets.list(f, 'created_desc', 100, null);
        expect(page.items.map((t) => t.id)).toEqual(expected);
        expect(page.nextCursor).toBeNull();
        expect(await db.stores.tickets.count(f)).toBe(expected.length);
      });
    }

    it('the fixture cases are not vacuous', () => {
      for (const [name, filter] of cases) {
        const n = modelList(fixtures, scoped(filter), 'created_desc').length;
        if (!name.includes('empty') && !name.includes('nothing') && !name.includes('no units'))
          expect(n, name).toBeGreaterThan(0);
        if (name !== 'no filter') expect(n, name).toBeLessThan(fixtures.length);
      }
    });

    it('sorts newest first, ties broken by id descending', async () => {
      const page = await db.stores.tickets.list(scoped({}), 'created_desc', 100, null);
      const ids = page.items.map((t) => t.id);
      expect(ids).toEqual(modelList(fixtures, scoped({}), 'created_desc'));
      expect(ids.indexOf('r-06')).toBe(ids.indexOf('r-05') - 1);
    });

    it('sorts by deadline, soonest first, no deadline last, ties by id', async () => {
      const page = await db.stores.tickets.list(scoped({}), 'deadline_asc', 100, null);
      const ids = page.items.map((t) => t.id);
      expect(ids).toEqual(modelList(fixtures, scoped({}), 'deadline_asc'));
      expect(ids.slice(0, 3)).toEqual(['r-03', 'r-05', 'r-06']);
      expect(ids.slice(-3)).toEqual(['r-04', 'r-07', 'r-13']);
    });

    for (const sort of ['created_desc', 'deadline_asc'] as const) {
      it(`pages through ${sort} without duplicates or gaps`, async () => {
        const expected = modelList(fixtures, scoped({}), sort);
        for (const size of [1, 2, 3, 5]) {
          const { ids, pages } = await listAll(db, scoped({}), sort, size);
          expect(ids).toEqual(expected);
          expect(pages).toBe(Math.ceil(expected.length / size));
          expect(pages).toBeGreaterThan(2);
        }
      });
    }

    it('matches the model for any filter, sort and page size', async () => {
      const units = Object.values(U);
      const filterArb: fc.Arbitrary<TicketFilter> = fc.record(
        {
          visibleTo: fc.record(
            {
              submitterId: fc.constantFrom('s1', 's2', 's3', 'nobody'),
              unitIds: fc.subarray(units),
              unitRoles: fc.subarray(['lead', 'co', 'former'] as ('lead' | 'co' | 'former')[]),
            },
            { requiredKeys: [] },
          ),
          submitterId: fc.constantFrom('s1', 's2', 's3'),
          leadUnitIds: fc.subarray(units),
          statuses: fc.subarray(STATUSES),
          categoryId: fc.constantFrom('cat-repair', 'cat-network'),
          overdueAt: fc.integer({ min: 0, max: 6 }).map((n) => T0 + n * DAY - HOUR),
          notOverdueAt: fc.integer({ min: 0, max: 6 }).map((n) => T0 + n * DAY - HOUR),
          pendingExtension: fc.boolean(),
          minEscalationLevel: fc.constantFrom(0, 1, 2, 3),
          escalationLevel: fc.constantFrom(0, 1, 2, 3),
          createdFrom: fc.integer({ min: 0, max: 13 }).map((n) => T0 + n * HOUR),
          flagged: fc.boolean(),
          excellent: fc.boolean(),
        },
        { requiredKeys: [] },
      ) as fc.Arbitrary<TicketFilter>;
      await fc.assert(
        fc.asyncProperty(
          filterArb,
          fc.constantFrom('created_desc', 'deadline_asc' as const),
          fc.integer({ min: 1, max: 4 }),
          async (filter, sort, size) => {
            const f = scoped(filter);
            const expected = modelList(fixtures, f, sort);
            expect((await listAll(db, f, sort, size)).ids).toEqual(expected);
            expect(await db.stores.tickets.count(f)).toBe(expected.length);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('rejects a cursor that is not its own', async () => {
      const page = await db.stores.tickets.list(scoped({}), 'created_desc', 2, null);
      expect(page.nextCursor).not.toBeNull();
      const invalid = { code: 'VALIDATION', field: 'cursor' };
      await expect(db.stores.tickets.list(scoped({}), 'deadline_asc', 2, page.nextCursor)).rejects.toMatchObject(
        invalid,
      );
      await expect(db.stores.tickets.list(scoped({}), 'created_desc', 2, 'not-a-cursor')).rejects.toMatchObject(
        invalid,
      );
    });

    it('finds 实验室内的空调坏了 by 实验室, by 空调 and by 室内', async () => {
      for (const q of ['实验室', '空调', '室内', '实验室 空调', '验']) {
        const page = await db.stores.tickets.list(
          { search: parseSearchQuery(q), submitterId: 'searcher' },
          'relevance',
          10,
          null,
        );
        expect(
          page.items.map((t) => t.id),
          q,
        ).toContain('s-lab');
      }
      const none = await db.stores.tickets.list({ search: parseSearchQuery('实验室 宿舍') }, 'relevance', 10, null);
      expect(none.items).toEqual([]);
      // No phrase across the boundary of two texts (title 空调 + body 实验…).
      const across = await db.stores.tickets.list({ search: parseSearchQuery('调实') }, 'relevance', 10, null);
      expect(across.items).toEqual([]);
    });

    it('finds latin words by prefix', async () => {
      const page = await db.stores.tickets.list({ search: parseSearchQuery('WiFi') }, 'created_desc', 10, null);
      expect(page.items.map((t) => t.id)).toEqual(['s-wifi']);
    });

    it('ranks a word match above a bigram-only match', async () => {
      // The premise, checked against the segmenter of this runtime.
      expect(docOf(searchTickets[1] as Ticket).words.split(' ')).toContain('制冷');
      expect(docOf(searchTickets[2] as Ticket).words.split(' ')).not.toContain('制冷');
      expect(docOf(searchTickets[2] as Ticket).grams.split(' ')).toContain('制冷');

      const f = { search: parseSearchQuery('制冷') };
      const byRank = await db.stores.tickets.list(f, 'relevance', 10, null);
      expect(byRank.items.map((t) => t.id)).toEqual(['s-word', 's-gram']);
      // Newest first when asked, with the same matches.
      const byDate = await db.stores.tickets.list(f, 'created_desc', 10, null);
      expect(byDate.items.map((t) => t.id)).toEqual(['s-gram', 's-word']);
      expect(await db.stores.tickets.count(f)).toBe(2);
    });

    it('combines search with other filters', async () => {
      const f: TicketFilter = {
        search: parseSearchQuery('路灯'),
        submitterId: 's2',
        statuses: ['processing', 'dispatch'],
      };
      const page = await db.stores.tickets.list(f, 'relevance', 10, null);
      expect(page.items.map((t) => t.id).sort()).toEqual(['r-03', 'r-04']);
    });

    it('pages through relevance without duplicates or gaps', async () => {
      const f: TicketFilter = { search: parseSearchQuery('路灯'), submitterId: 'lamp-man' };
      const whole = await db.stores.tickets.list(f, 'relevance', 100, null);
      expect(whole.items).toHaveLength(lamps.length);
      // Title matches (i % 3 === 0) carry the term twice and come first.
      expect(
        whole.items
          .slice(0, 4)
          .map((t) => t.title)
          .every((title) => title === '路灯'),
      ).toBe(true);
      const { ids, pages } = await listAll(db, f, 'relevance', 3);
      expect(ids).toEqual(whole.items.map((t) => t.id));
      expect(pages).toBe(4);
    });

    it('treats relevance without search terms as newest first', async () => {
      const f = scoped({ search: parseSearchQuery('  ，。 ') });
      const { ids } = await listAll(db, f, 'relevance', 4);
      expect(ids).toEqual(modelList(fixtures, scoped({}), 'created_desc'));
    });
  });

  describe('writes', () => {
    let db: Database;
    beforeAll(async () => {
      db = await d.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('round-trips every field', async () => {
      const full = makeTicket({
        submitterId: 'user-full',
        categoryId: 'cat-x',
        unitId: 'unit-full',
        coUnitIds: ['unit-co1', 'unit-co2'],
        formerUnitIds: ['unit-old'],
        title: '标题 "quoted" \'single\'',
        body: '正文\n第二行 ✓ emoji 🎉',
        place: '东区 3 号楼 201',
        anonymousToUnit: true,
        publishConsent: true,
        status: 'resolved',
        escalationLevel: 3,
        routedAt: T0 + 1,
        acceptDueAt: T0 + 2,
        acceptedAt: T0 + 3,
        resolveDueAt: T0 + 4,
        escalateAt: T0 + 5,
        sweepAt: T0 + 6,
        pausedAt: T0 + 7,
        remindedAt: T0 + 8,
        pendingExtensionUntil: T0 + 9,
        interimRepliedAt: T0 + 10,
        resolvedAt: T0 + 11,
        outcome: 'explained',
        resolvedOnTime: false,
        autoCloseAt: T0 + 12,
        closedAt: T0 + 13,
        closedUnrated: true,
        rating: { attitude: 5, quality: 4, solved: false, comment: '还行' },
        reopenCount: 2,
        flagged: true,
        excellent: true,
        mergedInto: 't-other',
        createdAt: T0 + 14,
        updatedAt: T0 + 15,
        version: 7,
      });
      const sparse = makeTicket({
        categoryId: null,
        unitId: null,
        acceptDueAt: null,
        resolveDueAt: null,
        escalateAt: null,
        sweepAt: null,
        resolvedOnTime: true,
        rating: { attitude: 1, quality: 1, solved: true, comment: null },
      });
      await insertAll(db, [full, sparse]);
      for (const t of [full, sparse]) {
        expect(await db.stores.tickets.get(t.id)).toEqual(t);
        expect(await db.stores.tickets.getByRef(t.ref)).toEqual(t);
        expect(await db.transaction((s) => s.tickets.getForUpdate(t.id))).toEqual(t);
      }
      const got = await db.stores.tickets.get(full.id);
      expect(typeof got?.createdAt).toBe('number');
      expect(await db.stores.tickets.get('missing')).toBeNull();
      expect(await db.stores.tickets.getByRef('missing')).toBeNull();
    });

    it('refuses a duplicate id or ref', async () => {
      const t = makeTicket();
      await insertAll(db, [t]);
      await expect(insertAll(db, [{ ...t, ref: 'other-ref' }])).rejects.toThrow();
      await expect(insertAll(db, [{ ...makeTicket(), ref: t.ref }])).rejects.toThrow();
    });

    it('updates only from the expected version', async () => {
      const t = makeTicket({ submitterId: 'user-upd' });
      await insertAll(db, [t]);
      const v2: Ticket = { ...t, status: 'processing', acceptedAt: T0 + HOUR, version: 2, updatedAt: T0 + HOUR };
      expect(await db.transaction((s) => s.tickets.update(v2, 1))).toBe(true);
      const stale: Ticket = { ...t, status: 'withdrawn', version: 2 };
      expect(await db.transaction((s) => s.tickets.update(stale, 1))).toBe(false);
      expect(await db.stores.tickets.get(t.id)).toEqual(v2);
      expect(await db.stores.tickets.update({ ...t, version: 9 }, 5)).toBe(false);
    });

    it('rewrites the search document only when given', async () => {
      const t = makeTicket({ submitterId: 'user-search', body: '食堂的饭菜太咸了' });
      await insertAll(db, [t]);
      const find = async (q: string) =>
        (
          await db.stores.tickets.list(
            { search: parseSearchQuery(q), submitterId: 'user-search' },
            'relevance',
            10,
            null,
          )
        ).items.map((x) => x.id);
      expect(await find('饭菜')).toEqual([t.id]);

      const v2 = { ...t, version: 2, status: 'processing' as const };
      await db.transaction((s) => s.tickets.update(v2, 1));
      expect(await find('饭菜')).toEqual([t.id]);

      const v3 = { ...v2, version: 3, body: '图书馆的座位不够' };
      await db.transaction((s) => s.tickets.update(v3, 2, searchDocument(v3.title, v3.body)));
      expect(await find('饭菜')).toEqual([]);
      expect(await find('座位')).toEqual([t.id]);
      expect((await db.stores.tickets.get(t.id))?.body).toBe('图书馆的座位不够');
    });

    it('keeps ticket_units in step with lead, co and former units', async () => {
      const t = makeTicket({ submitterId: 'user-units', unitId: 'wu-1', coUnitIds: ['wu-2'], formerUnitIds: [] });
      await insertAll(db, [t]);
      const seenBy = async (unit: string, role?: 'lead' | 'co' | 'former') =>
        (
          await db.stores.tickets.list(
            { visibleTo: { unitIds: [unit], ...(role ? { unitRoles: [role] } : {}) }, submitterId: 'user-units' },
            'created_desc',
            10,
            null,
          )
        ).items.length === 1;

      expect(await seenBy('wu-1', 'lead')).toBe(true);
      expect(await seenBy('wu-2', 'co')).toBe(true);
      expect(await seenBy('wu-3')).toBe(false);

      // Reassigned from wu-1 to wu-3; wu-2 dropped; wu-1 becomes former.
      const v2: Ticket = { ...t, unitId: 'wu-3', coUnitIds: [], formerUnitIds: ['wu-1'], version: 2 };
      expect(await db.transaction((s) => s.tickets.update(v2, 1))).toBe(true);
      expect(await seenBy('wu-3', 'lead')).toBe(true);
      expect(await seenBy('wu-1', 'lead')).toBe(false);
      expect(await seenBy('wu-1', 'former')).toBe(true);
      expect(await seenBy('wu-2')).toBe(false);

      // Back to wu-1: lead again (the stronger relation wins over former).
      const v3: Ticket = { ...v2, unitId: 'wu-1', formerUnitIds: ['wu-1', 'wu-3'], version: 3 };
      expect(await db.transaction((s) => s.tickets.update(v3, 2))).toBe(true);
      expect(await seenBy('wu-1', 'lead')).toBe(true);
      expect(await seenBy('wu-1', 'former')).toBe(false);
      expect(await seenBy('wu-3', 'former')).toBe(true);

      // A conflicting update changes nothing.
      expect(await db.transaction((s) => s.tickets.update({ ...v3, unitId: 'wu-9', version: 4 }, 2))).toBe(false);
      expect(await seenBy('wu-9')).toBe(false);
      expect(await seenBy('wu-1', 'lead')).toBe(true);
    });

    it('keeps ticket_units right when a caller changes the ticket it read in place', async () => {
      const t = makeTicket({ submitterId: 'user-mutate', unitId: 'mu-1' });
      await insertAll(db, [t]);
      await db.transaction(async (s) => {
        const cur = await s.tickets.getForUpdate(t.id);
        if (cur === null) throw new Error('missing');
        cur.unitId = 'mu-2';
        cur.formerUnitIds.push('mu-1');
        cur.version = 2;
        expect(await s.tickets.update(cur, 1)).toBe(true);
      });
      const lead = await db.stores.tickets.list(
        { visibleTo: { unitIds: ['mu-2'], unitRoles: ['lead'] }, submitterId: 'user-mutate' },
        'created_desc',
        10,
        null,
      );
      expect(lead.items.map((x) => x.id)).toEqual([t.id]);
    });

    it('counts reference numbers per day', async () => {
      expect(await db.transaction((s) => s.tickets.nextRefSequence('20260301'))).toBe(1);
      expect(await db.transaction((s) => s.tickets.nextRefSequence('20260301'))).toBe(2);
      expect(await db.transaction((s) => s.tickets.nextRefSequence('20260302'))).toBe(1);
      const many = await Promise.all(
        Array.from({ length: 10 }, () => db.transaction((s) => s.tickets.nextRefSequence('20260301'))),
      );
      expect(many.sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    it('stores idempotency keys per user, first writer wins', async () => {
      const t = makeTicket();
      await insertAll(db, [t]);
      const t2 = makeTicket();
      await insertAll(db, [t2]);
      expect(await db.stores.idempotency.get('u1', 'k1')).toBeNull();
      expect(await db.transaction((s) => s.idempotency.put('u1', 'k1', t.id, 'hash-1', T0))).toBe(true);
      expect(await db.transaction((s) => s.idempotency.put('u1', 'k1', t2.id, 'hash-2', T0 + 1))).toBe(false);
      expect(await db.stores.idempotency.get('u1', 'k1')).toEqual({ ticketId: t.id, requestHash: 'hash-1' });
      expect(await db.stores.idempotency.get('u2', 'k1')).toBeNull();
    });

    it('inserts a submission in one statement on PostgreSQL, claiming its key first', async () => {
      const atomic = db.stores.tickets.insertAtomically;
      // Offered where it saves round trips, never inside a transaction.
      expect(atomic !== undefined).toBe(d.name === 'postgres');
      await db.transaction(async (s) => expect(s.tickets.insertAtomically).toBeUndefined());
      if (atomic === undefined) return;
      const t = makeTicket({
        submitterId: 'user-atomic',
        coUnitIds: ['unit-it'],
        sweepAt: T0 + DAY,
        title: '图书馆空调',
      });
      const event = (ticket: Ticket, seq: number): TicketEvent => ({
        id: `${ticket.id}-e${seq}`,
        ticketId: ticket.id,
        seq,
        at: T0,
        actorId: 'user-atomic',
        actorRole: 'submitter',
        visibility: 'public',
        unitId: ticket.unitId,
        data: { type: 'accepted' },
      });
      const claim = { userId: 'user-atomic', key: 'k-atomic', requestHash: 'h' };
      expect(await atomic(t, docOf(t), [event(t, 1), event(t, 2)], claim)).toBe(true);
      expect(await db.stores.tickets.get(t.id)).toEqual(t);
      expect((await db.stores.events.listForTicket(t.id, 'all')).map((e) => e.seq)).toEqual([1, 2]);
      expect(await db.stores.idempotency.get('user-atomic', 'k-atomic')).toEqual({ ticketId: t.id, requestHash: 'h' });
      // Its units, due time and search columns are there as after insert().
      const found = await listAll(
        db,
        { visibleTo: { unitIds: ['unit-it'] }, search: parseSearchQuery('空调') },
        'relevance',
        10,
      );
      expect(found.ids).toEqual([t.id]);
      expect((await db.transaction((s) => s.tickets.claimDue(T0 + DAY, 100))).map((x) => x.id)).toContain(t.id);

      // The key taken: nothing of the second ticket is written.
      const t2 = makeTicket({ submitterId: 'user-atomic' });
      expect(await atomic(t2, docOf(t2), [event(t2, 1)], claim)).toBe(false);
      expect(await db.stores.tickets.get(t2.id)).toBeNull();
      expect(await db.stores.events.listForTicket(t2.id, 'all')).toEqual([]);
      // Without a key it always writes.
      expect(await atomic(t2, docOf(t2), [event(t2, 1)], null)).toBe(true);
      expect((await db.stores.tickets.get(t2.id))?.id).toBe(t2.id);
    });

    it('leaves nothing behind when a transaction throws', async () => {
      const t = makeTicket({ submitterId: 'user-rollback' });
      const before = await db.stores.tickets.nextRefSequence('20260401');
      const event: TicketEvent = {
        id: `${t.id}-e1`,
        ticketId: t.id,
        seq: 1,
        at: T0,
        actorId: 'user-rollback',
        actorRole: 'submitter',
        visibility: 'public',
        unitId: t.unitId,
        data: { type: 'accepted' },
      };
      await expect(
        db.transaction(async (s) => {
          await s.tickets.nextRefSequence('20260401');
          await s.tickets.insert(t, docOf(t));
          await s.events.append([event]);
          await s.idempotency.put('user-rollback', 'k', t.id, 'h', T0);
          expect(await s.tickets.get(t.id)).toEqual(t);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db.stores.tickets.get(t.id)).toBeNull();
      expect(await db.stores.events.listForTicket(t.id, 'all')).toEqual([]);
      expect(await db.stores.idempotency.get('user-rollback', 'k')).toBeNull();
      expect(await db.stores.tickets.count({ submitterId: 'user-rollback' })).toBe(0);
      expect(
        await db.stores.tickets.count({ visibleTo: { unitIds: [t.unitId as string] }, submitterId: 'user-rollback' }),
      ).toBe(0);
      expect(
        await db.stores.tickets.list(
          { search: parseSearchQuery('宿舍'), submitterId: 'user-rollback' },
          'relevance',
          5,
          null,
        ),
      ).toEqual({
        items: [],
        nextCursor: null,
      });
      expect(await db.stores.tickets.nextRefSequence('20260401')).toBe(before + 1);
    });

    it('runs concurrent transactions on one ticket one after the other', async () => {
      const t = makeTicket({ submitterId: 'user-concurrent' });
      await insertAll(db, [t]);
      const N = 12;
      const order: string[] = [];
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          db.transaction(async (s) => {
            const cur = await s.tickets.getForUpdate(t.id);
            if (cur === null) throw new Error('missing');
            order.push(`begin ${i}`);
            const seq = (await s.events.lastSeq(t.id)) + 1;
            // Give any other transaction every chance to run in between.
            await new Promise((r) => setTimeout(r, 2));
            await s.events.append([
              {
                id: `${t.id}-c${i}`,
                ticketId: t.id,
                seq,
                at: T0 + seq,
                actorId: null,
                actorRole: 'system',
                visibility: 'internal',
                unitId: cur.unitId,
                data: { type: 'noted', text: `note ${i}` },
              },
            ]);
            const ok = await s.tickets.update({ ...cur, version: cur.version + 1, updatedAt: T0 + seq }, cur.version);
            if (!ok) throw new Error('version conflict');
            order.push(`end ${i}`);
          }),
        ),
      );
      const events = await db.stores.events.listForTicket(t.id, 'all');
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      expect((await db.stores.tickets.get(t.id))?.version).toBe(1 + N);
      for (let i = 0; i < order.length; i += 2) {
        expect(order[i]?.replace('begin', 'end')).toBe(order[i + 1]);
      }
    });
  });

  // Tests here share one database and run in order: each sweeps at an earlier `now` than
  // every ticket left due by the tests before it.
  describe('sweeps', () => {
    let db: Database;
    beforeAll(async () => {
      db = await d.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('claims due tickets oldest first, up to the limit, only inside a transaction', async () => {
      const now = T0 + 100 * DAY;
      const due = [5, 1, 3, 2, 4].map((n) => makeTicket({ submitterId: 'sweep', sweepAt: now - n * HOUR }));
      const later = makeTicket({ submitterId: 'sweep', sweepAt: now + 1 });
      const exactlyNow = makeTicket({ submitterId: 'sweep', sweepAt: now });
      const never = makeTicket({ submitterId: 'sweep', sweepAt: null, status: 'closed' });
      await insertAll(db, [...due, later, exactlyNow, never]);

      const byAge = [...due].sort((a, b) => (a.sweepAt as number) - (b.sweepAt as number));
      const all = await db.transaction((s) => s.tickets.claimDue(now, 100));
      expect(all.map((t) => t.id)).toEqual([...byAge.map((t) => t.id), exactlyNow.id]);
      expect(all[0]).toEqual(byAge[0]);
      const three = await db.transaction((s) => s.tickets.claimDue(now, 3));
      expect(three.map((t) => t.id)).toEqual(byAge.slice(0, 3).map((t) => t.id));
      expect(await db.transaction((s) => s.tickets.claimDue(now - 6 * HOUR, 10))).toEqual([]);
      await expect(db.stores.tickets.claimDue(now, 10)).rejects.toThrow(/transaction/);
    });

    it.runIf(d.name === 'postgres')('lets concurrent sweepers claim disjoint tickets (SKIP LOCKED)', async () => {
      const now = T0 + 80 * DAY;
      const due = Array.from({ length: 6 }, (_, i) =>
        makeTicket({ submitterId: 'sweep2', sweepAt: now - (i + 1) * 1000 }),
      );
      await insertAll(db, due);
      let release!: () => void;
      const hold = new Promise<void>((r) => {
        release = r;
      });
      let claimedFirst!: () => void;
      const firstClaimed = new Promise<void>((r) => {
        claimedFirst = r;
      });
      const first = db.transaction(async (s) => {
        const got = await s.tickets.claimDue(now, 4);
        claimedFirst();
        await hold;
        return got.map((t) => t.id);
      });
      await firstClaimed;
      const second = await db.transaction(async (s) => (await s.tickets.claimDue(now, 4)).map((t) => t.id));
      release();
      const a = await first;
      expect(a).toHaveLength(4);
      expect(second).toHaveLength(2);
      expect(new Set([...a, ...second]).size).toBe(6);
    });

    it('writes many tickets, skipping stale versions, and keeps their units', async () => {
      const now = T0 + 60 * DAY;
      const ts = Array.from({ length: 5 }, (_, i) =>
        makeTicket({
          submitterId: 'sweep3',
          unitId: 'su-1',
          sweepAt: now - i - 1,
          escalateAt: now - i - 1,
          version: 3,
        }),
      );
      await insertAll(db, ts);
      const claimed = await db.transaction((s) => s.tickets.claimDue(now, 100));
      expect(claimed.map((t) => t.id).sort()).toEqual(ts.map((t) => t.id).sort());

      const next = claimed.map((t, i) => ({
        ticket: {
          ...t,
          escalationLevel: 1 as const,
          remindedAt: now,
          escalateAt: now + DAY,
          sweepAt: now + DAY,
          updatedAt: now,
          version: t.version + 1,
          // One is moved to another unit by the write (the batch must keep ticket_units right).
          ...(i === 0 ? { unitId: 'su-2', formerUnitIds: ['su-1'] } : {}),
        },
        // One was changed meanwhile: its expected version is stale.
        expectedVersion: i === 1 ? t.version - 1 : t.version,
      }));
      const written = await db.transaction((s) => s.tickets.updateMany(next));
      const staleId = next[1]?.ticket.id as string;
      expect(written.sort()).toEqual(
        next
          .map((n) => n.ticket.id)
          .filter((id) => id !== staleId)
          .sort(),
      );
      for (const n of next) {
        const got = await db.stores.tickets.get(n.ticket.id);
        if (n.ticket.id === staleId) expect(got).toEqual(claimed[1]);
        else expect(got).toEqual(n.ticket);
      }
      const movedId = next[0]?.ticket.id;
      const su2 = await db.stores.tickets.list(
        { visibleTo: { unitIds: ['su-2'], unitRoles: ['lead'] } },
        'created_desc',
        10,
        null,
      );
      expect(su2.items.map((t) => t.id)).toEqual([movedId]);
      const su1Former = await db.stores.tickets.list(
        { visibleTo: { unitIds: ['su-1'], unitRoles: ['former'] } },
        'created_desc',
        10,
        null,
      );
      expect(su1Former.items.map((t) => t.id)).toEqual([movedId]);
      expect(await db.stores.tickets.count({ visibleTo: { unitIds: ['su-1'], unitRoles: ['lead'] } })).toBe(4);

      // Nothing is due any more.
      expect(await db.transaction((s) => s.tickets.claimDue(now, 100))).toEqual([claimed[1]]);
      expect(await db.transaction((s) => s.tickets.updateMany([]))).toEqual([]);
    });

    it('writes a ticket several times in one transaction', async () => {
      const now = T0 + 50 * DAY;
      const t = makeTicket({ submitterId: 'sweep6', unitId: 'su-6', sweepAt: now - 1 });
      await insertAll(db, [t]);
      const final = await db.transaction(async (s) => {
        const [claimed] = await s.tickets.claimDue(now, 1);
        if (claimed === undefined) throw new Error('not claimed');
        const v2 = { ...claimed, remindedAt: now, version: 2 };
        expect(await s.tickets.updateMany([{ ticket: v2, expectedVersion: 1 }])).toEqual([t.id]);
        const v3 = { ...v2, escalationLevel: 1 as const, unitId: 'su-7', formerUnitIds: ['su-6'], version: 3 };
        expect(await s.tickets.updateMany([{ ticket: v3, expectedVersion: 2 }])).toEqual([t.id]);
        // Stale: the version moved on within this very transaction.
        expect(
          await s.tickets.updateMany([{ ticket: { ...v2, version: 3, flagged: true }, expectedVersion: 2 }]),
        ).toEqual([]);
        const v4 = { ...v3, status: 'processing' as const, sweepAt: null, version: 4 };
        expect(await s.tickets.update(v4, 3)).toBe(true);
        const v5 = { ...v4, excellent: true, version: 5 };
        expect(await s.tickets.updateMany([{ ticket: v5, expectedVersion: 4 }])).toEqual([t.id]);
        return v5;
      });
      expect(await db.stores.tickets.get(t.id)).toEqual(final);
      expect(
        await db.stores.tickets.count({ visibleTo: { unitIds: ['su-7'], unitRoles: ['lead'] }, submitterId: 'sweep6' }),
      ).toBe(1);
      expect(
        await db.stores.tickets.count({
          visibleTo: { unitIds: ['su-6'], unitRoles: ['former'] },
          submitterId: 'sweep6',
        }),
      ).toBe(1);
    });

    it('leaves the submitted text to update()', async () => {
      const t = makeTicket({ submitterId: 'sweep4', sweepAt: null });
      await insertAll(db, [t]);
      const changed = { ...t, title: '改过的标题', body: '改过的正文', version: 2, status: 'processing' as const };
      expect(await db.transaction((s) => s.tickets.updateMany([{ ticket: changed, expectedVersion: 1 }]))).toEqual([
        t.id,
      ]);
      expect(await db.stores.tickets.get(t.id)).toEqual({ ...changed, title: t.title, body: t.body });
    });

    it('writes a batch larger than one statement', async () => {
      const now = T0 + 40 * DAY;
      const ts = Array.from({ length: 1200 }, (_, i) => makeTicket({ submitterId: 'sweep5', sweepAt: now - 1200 + i }));
      await insertAll(db, ts);
      const claimed = await db.transaction((s) => s.tickets.claimDue(now, 2000));
      expect(claimed).toHaveLength(1200);
      const written = await db.transaction((s) =>
        s.tickets.updateMany(
          claimed.map((t) => ({ ticket: { ...t, sweepAt: null, version: t.version + 1 }, expectedVersion: t.version })),
        ),
      );
      expect(written).toHaveLength(1200);
      expect(await db.transaction((s) => s.tickets.claimDue(now, 2000))).toEqual([]);
    });

    it('writes all of a batch or none of it', async () => {
      const ts = Array.from({ length: 3 }, () => makeTicket({ submitterId: 'sweep10', sweepAt: null }));
      await insertAll(db, ts);
      // The last ticket in id order breaks a NOT NULL constraint: the two before it are
      // written by then, and must be undone with the transaction (or the statement).
      const batch = ts.map((t, i) => ({
        ticket: { ...t, escalationLevel: 1 as const, version: 2, ...(i === 2 ? { status: null as never } : {}) },
        expectedVersion: 1,
      }));
      await expect(db.transaction((s) => s.tickets.updateMany(batch))).rejects.toThrow();
      await expect(db.stores.tickets.updateMany(batch)).rejects.toThrow();
      for (const t of ts) expect(await db.stores.tickets.get(t.id)).toEqual(t);
    });

    it('follows sweepAt through update()', async () => {
      const now = T0 + 30 * DAY;
      const t = makeTicket({ submitterId: 'sweep7', sweepAt: now - 1 });
      await insertAll(db, [t]);
      const claim = () => db.transaction(async (s) => (await s.tickets.claimDue(now, 10)).map((x) => x.id));
      expect(await claim()).toEqual([t.id]);
      const later = { ...t, sweepAt: now + 1, version: 2 };
      expect(await db.stores.tickets.update(later, 1)).toBe(true);
      expect(await claim()).toEqual([]);
      const none = { ...later, sweepAt: null, version: 3 };
      expect(await db.transaction((s) => s.tickets.update(none, 2))).toBe(true);
      expect(await claim()).toEqual([]);
      const again = { ...none, sweepAt: now - 5, version: 4 };
      expect(
        await db.transaction(async (s) => (await s.tickets.getForUpdate(t.id)) !== null && s.tickets.update(again, 3)),
      ).toBe(true);
      expect(await db.transaction((s) => s.tickets.claimDue(now, 10))).toEqual([again]);
    });

    it('skips claimed tickets whose version moved on before the batch write, and writes the others', async () => {
      const now = T0 + 20 * DAY;
      const [a, b] = [now - 2, now - 1].map((at) => makeTicket({ submitterId: 'sweep8', sweepAt: at })) as [
        Ticket,
        Ticket,
      ];
      await insertAll(db, [a, b]);
      const written = await db.transaction(async (s) => {
        const claimed = await s.tickets.claimDue(now, 10);
        expect(claimed.map((t) => t.id)).toEqual([a.id, b.id]);
        // `a` is written between the claim and the batch: the batch must find its new row
        // version (not the one the claim read) and write it at version 2; `b` is stale.
        expect(await s.tickets.update({ ...a, flagged: true, version: 2 }, 1)).toBe(true);
        return s.tickets.updateMany([
          { ticket: { ...a, flagged: true, escalationLevel: 1, sweepAt: now + DAY, version: 3 }, expectedVersion: 2 },
          { ticket: { ...b, escalationLevel: 1, sweepAt: now + DAY, version: 2 }, expectedVersion: 0 },
        ]);
      });
      expect(written).toEqual([a.id]);
      expect(await db.stores.tickets.get(a.id)).toEqual({
        ...a,
        flagged: true,
        escalationLevel: 1,
        sweepAt: now + DAY,
        version: 3,
      });
      expect(await db.stores.tickets.get(b.id)).toEqual(b);
      expect((await db.transaction((s) => s.tickets.claimDue(now, 10))).map((t) => t.id)).toEqual([b.id]);
    });

    it('makes an action on a claimed ticket wait for the sweep batch, without a deadlock', async () => {
      const now = T0 + 10 * DAY;
      const t = makeTicket({ submitterId: 'sweep9', sweepAt: now - 1 });
      await insertAll(db, [t]);
      let claimedIt!: () => void;
      const claimed = new Promise<void>((r) => {
        claimedIt = r;
      });
      let goOn!: () => void;
      const go = new Promise<void>((r) => {
        goOn = r;
      });
      const sweep = db.transaction(async (s) => {
        const [c] = await s.tickets.claimDue(now, 10);
        if (c === undefined) throw new Error('not claimed');
        claimedIt();
        await go;
        return s.tickets.updateMany([
          { ticket: { ...c, escalationLevel: 1, sweepAt: now + DAY, version: 2 }, expectedVersion: 1 },
        ]);
      });
      await claimed;
      // What actOnTicket does: lock the ticket, then write a new state that moves its sweepAt
      // (which rewrites PostgreSQL's schedule row, also locked by the claim).
      const action = db.transaction(async (s) => {
        const current = await s.tickets.getForUpdate(t.id);
        if (current === null) throw new Error('gone');
        const next = {
          ...current,
          status: 'processing' as const,
          sweepAt: now + 2 * DAY,
          version: current.version + 1,
        };
        return s.tickets.update(next, current.version);
      });
      await new Promise((r) => setTimeout(r, 200)); // the action is now waiting for a lock (or its turn)
      goOn();
      expect(await sweep).toEqual([t.id]);
      expect(await action).toBe(true);
      expect(await db.stores.tickets.get(t.id)).toMatchObject({
        escalationLevel: 1,
        status: 'processing',
        sweepAt: now + 2 * DAY,
        version: 3,
      });
      expect(await db.transaction((s) => s.tickets.claimDue(now + 2 * DAY - 1, 10))).toEqual([]);
    });
  });
});
