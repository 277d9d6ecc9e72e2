import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/app/ports/store.ts';
import { searchDocument } from '../../src/domain/text/search.ts';
import { type TicketEvent, type TicketEventData, visibilityOf } from '../../src/domain/ticket/events.ts';
import type { Ticket } from '../../src/domain/ticket/types.ts';
import { DAY, describeEachDialect, makeTicket, T0 } from '../helpers/db.ts';

async function newTicket(db: Database, over: Partial<Ticket> = {}): Promise<Ticket> {
  const t = makeTicket(over);
  await db.transaction((s) => s.tickets.insert(t, searchDocument(t.title, t.body)));
  return t;
}

function event(t: Ticket, seq: number, data: TicketEventData, over: Partial<TicketEvent> = {}): TicketEvent {
  return {
    id: `${t.id}-e${seq}`,
    ticketId: t.id,
    seq,
    at: T0 + seq * 1000,
    actorId: 'officer-1',
    actorRole: 'officer',
    visibility: visibilityOf(data.type),
    unitId: t.unitId,
    data,
    ...over,
  };
}

const deadlines = { acceptDueAt: T0 + DAY, resolveDueAt: T0 + 3 * DAY, escalateAt: null };

describeEachDialect('ticket events', (d) => {
  let db: Database;
  beforeAll(async () => {
    db = await d.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('appends and lists a timeline in order, every field intact', async () => {
    const t = await newTicket(db);
    const events: TicketEvent[] = [
      event(
        t,
        1,
        {
          type: 'submitted',
          ref: t.ref,
          submitterId: t.submitterId,
          categoryId: t.categoryId,
          unitId: t.unitId,
          title: t.title,
          body: '正文 "引号" \\ 反斜杠 🎉',
          place: null,
          anonymousToUnit: true,
          publishConsent: false,
          deadlines,
        },
        { actorId: t.submitterId, actorRole: 'submitter' },
      ),
      event(t, 2, { type: 'accepted' }),
      event(t, 3, { type: 'noted', text: '内部备注' }),
      event(
        t,
        4,
        { type: 'escalated', fromLevel: 0, toLevel: 1, automatic: true, reason: null, escalateAt: null },
        {
          actorId: null,
          actorRole: 'system',
          unitId: null,
        },
      ),
      event(t, 5, { type: 'rated', rating: { attitude: 5, quality: 4, solved: true, comment: null } }),
    ];
    // Appended out of order, in two calls: listing is by seq.
    await db.transaction((s) => s.events.append([events[2], events[0]] as TicketEvent[]));
    await db.transaction((s) => s.events.append([events[4], events[1], events[3]] as TicketEvent[]));

    expect(await db.stores.events.listForTicket(t.id, 'all')).toEqual(events);
    expect(await db.stores.events.listForTicket(t.id, 'public')).toEqual(
      events.filter((e) => e.visibility === 'public'),
    );
    expect((await db.stores.events.listForTicket(t.id, 'public')).map((e) => e.seq)).toEqual([1, 2, 5]);
    expect(await db.stores.events.lastSeq(t.id)).toBe(5);
  });

  it('has no events and seq 0 for a fresh ticket', async () => {
    const t = await newTicket(db);
    expect(await db.stores.events.listForTicket(t.id, 'all')).toEqual([]);
    expect(await db.stores.events.lastSeq(t.id)).toBe(0);
    expect(await db.stores.events.lastSeq('no-such-ticket')).toBe(0);
  });

  it('keeps timelines apart', async () => {
    const a = await newTicket(db);
    const b = await newTicket(db);
    await db.transaction((s) =>
      s.events.append([
        event(a, 1, { type: 'accepted' }),
        event(b, 1, { type: 'accepted' }),
        event(b, 2, { type: 'noted', text: 'x' }),
      ]),
    );
    expect((await db.stores.events.listForTicket(a.id, 'all')).map((e) => e.id)).toEqual([`${a.id}-e1`]);
    expect(await db.stores.events.lastSeq(b.id)).toBe(2);
  });

  it('refuses a second event at the same seq, and rolls the whole append back', async () => {
    const t = await newTicket(db);
    await db.transaction((s) => s.events.append([event(t, 1, { type: 'accepted' })]));
    await expect(
      db.transaction((s) =>
        s.events.append([
          event(t, 2, { type: 'noted', text: 'a' }),
          event(t, 1, { type: 'noted', text: 'b' }, { id: 'dup' }),
        ]),
      ),
    ).rejects.toThrow();
    expect((await db.stores.events.listForTicket(t.id, 'all')).map((e) => e.seq)).toEqual([1]);
  });

  it('leaves nothing of a batch that fails after its first rows, in a transaction or not', async () => {
    // Batches are written in (ticket, seq) order: `a` (created first, so the lower id) goes
    // in before `t` collides. The whole append must still be undone.
    const a = await newTicket(db);
    const t = await newTicket(db);
    await db.transaction((s) => s.events.append([event(t, 1, { type: 'accepted' })]));
    const batch = () => [
      event(t, 1, { type: 'noted', text: 'dup' }, { id: `dup-${Math.random()}` }),
      event(a, 1, { type: 'accepted' }),
      event(a, 2, { type: 'noted', text: 'a' }),
    ];
    await expect(db.transaction((s) => s.events.append(batch()))).rejects.toThrow();
    expect(await db.stores.events.listForTicket(a.id, 'all')).toEqual([]);
    await expect(db.stores.events.append(batch())).rejects.toThrow();
    expect(await db.stores.events.listForTicket(a.id, 'all')).toEqual([]);
    expect((await db.stores.events.listForTicket(t.id, 'all')).map((e) => e.seq)).toEqual([1]);
  });

  it('appends ten thousand events in one call (several statements)', async () => {
    const tickets: Ticket[] = [];
    for (let i = 0; i < 100; i++) tickets.push(makeTicket({ submitterId: 'bulk' }));
    await db.transaction(async (s) => {
      for (const t of tickets) await s.tickets.insert(t, { words: '', grams: '' });
    });
    const events = tickets.flatMap((t) =>
      Array.from({ length: 100 }, (_, i) =>
        event(t, i + 1, { type: 'reminded', acceptDueAt: T0 + i }, { actorId: null, actorRole: 'system' }),
      ),
    );
    expect(events).toHaveLength(10_000);
    await db.transaction((s) => s.events.append(events));
    const last = tickets[99] as Ticket;
    const timeline = await db.stores.events.listForTicket(last.id, 'all');
    expect(timeline).toHaveLength(100);
    expect(timeline[99]).toEqual(events[9999]);
    expect(await db.stores.events.listForTicket(last.id, 'public')).toEqual([]);
    expect(await db.stores.events.lastSeq(last.id)).toBe(100);
  });

  it('appends nothing for an empty list', async () => {
    await expect(db.transaction((s) => s.events.append([]))).resolves.toBeUndefined();
  });
});
