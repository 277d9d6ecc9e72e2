import { AppError } from '../../app/errors.ts';
import {
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import type { Page, SearchDoc, TicketFilter, TicketRepository, TicketSort } from '../../app/ports/store.ts';
import type { EscalationLevel, Outcome, Rating, Ticket, TicketStatus } from '../../domain/ticket/types.ts';
import { type AnySelect, sqlDialect, type TicketStateRow } from '../dialects/index.ts';
import { prepared } from '../dialects/prepared.ts';
import type { RowLoc } from '../dialects/types.ts';
import type { DB } from '../schema/index.ts';
import { isStorableText } from '../../domain/text/storable.ts';
import { eventToRow } from './event.repository.ts';
import {
  TICKET_STATE_COLUMNS,
  type TicketStateColumn,
  type TicketsTable,
  type TicketUnitRelation,
} from '../schema/tickets.table.ts';

type Row = Selectable<TicketsTable>;
/** What reads fetch: everything but the search columns, which are for the index only. */
type TicketRow = Omit<Row, 'search_words' | 'search_grams'>;

const READ_COLUMNS = [
  'id',
  'ref',
  'submitter_id',
  'category_id',
  'unit_id',
  'co_unit_ids',
  'former_unit_ids',
  'title',
  'body',
  'place',
  'anonymous_to_unit',
  'publish_consent',
  'status',
  'escalation_level',
  'routed_at',
  'accept_due_at',
  'accepted_at',
  'resolve_due_at',
  'escalate_at',
  'sweep_at',
  'paused_at',
  'reminded_at',
  'pending_extension_until',
  'interim_replied_at',
  'resolved_at',
  'outcome',
  'resolved_on_time',
  'auto_close_at',
  'closed_at',
  'closed_unrated',
  'rating',
  'reopen_count',
  'flagged',
  'excellent',
  'merged_into',
  'created_at',
  'updated_at',
  'version',
] as const satisfies readonly (keyof TicketRow)[];
const T_COLUMNS = READ_COLUMNS.map((c) => `t.${c}` as const);

// ---------------------------------------------------------------------------------------
// The one mapper between rows and tickets.

const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));
const flag = (v: number | string | boolean): boolean => v === true || Number(v) === 1;
const bit = (b: boolean): number => (b ? 1 : 0);

export function ticketFromRow(r: TicketRow): Ticket {
  return {
    id: r.id,
    ref: r.ref,
    submitterId: r.submitter_id,
    categoryId: r.category_id,
    unitId: r.unit_id,
    coUnitIds: JSON.parse(r.co_unit_ids) as string[],
    formerUnitIds: JSON.parse(r.former_unit_ids) as string[],
    title: r.title,
    body: r.body,
    place: r.place,
    anonymousToUnit: flag(r.anonymous_to_unit),
    publishConsent: flag(r.publish_consent),
    status: r.status as TicketStatus,
    escalationLevel: num(r.escalation_level) as EscalationLevel,
    routedAt: num(r.routed_at),
    acceptDueAt: numOrNull(r.accept_due_at),
    acceptedAt: numOrNull(r.accepted_at),
    resolveDueAt: numOrNull(r.resolve_due_at),
    escalateAt: numOrNull(r.escalate_at),
    sweepAt: numOrNull(r.sweep_at),
    pausedAt: numOrNull(r.paused_at),
    remindedAt: numOrNull(r.reminded_at),
    pendingExtensionUntil: numOrNull(r.pending_extension_until),
    interimRepliedAt: numOrNull(r.interim_replied_at),
    resolvedAt: numOrNull(r.resolved_at),
    outcome: r.outcome as Outcome | null,
    resolvedOnTime: r.resolved_on_time === null ? null : flag(r.resolved_on_time),
    autoCloseAt: numOrNull(r.auto_close_at),
    closedAt: numOrNull(r.closed_at),
    closedUnrated: flag(r.closed_unrated),
    rating: r.rating === null ? null : (JSON.parse(r.rating) as Rating),
    reopenCount: num(r.reopen_count),
    flagged: flag(r.flagged),
    excellent: flag(r.excellent),
    mergedInto: r.merged_into,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    version: num(r.version),
  };
}

export function ticketToRow(t: Ticket): TicketRow {
  return {
    id: t.id,
    ref: t.ref,
    submitter_id: t.submitterId,
    category_id: t.categoryId,
    unit_id: t.unitId,
    co_unit_ids: JSON.stringify(t.coUnitIds),
    former_unit_ids: JSON.stringify(t.formerUnitIds),
    title: t.title,
    body: t.body,
    place: t.place,
    anonymous_to_unit: bit(t.anonymousToUnit),
    publish_consent: bit(t.publishConsent),
    status: t.status,
    escalation_level: t.escalationLevel,
    routed_at: t.routedAt,
    accept_due_at: t.acceptDueAt,
    accepted_at: t.acceptedAt,
    resolve_due_at: t.resolveDueAt,
    escalate_at: t.escalateAt,
    sweep_at: t.sweepAt,
    paused_at: t.pausedAt,
    reminded_at: t.remindedAt,
    pending_extension_until: t.pendingExtensionUntil,
    interim_replied_at: t.interimRepliedAt,
    resolved_at: t.resolvedAt,
    outcome: t.outcome,
    resolved_on_time: t.resolvedOnTime === null ? null : bit(t.resolvedOnTime),
    auto_close_at: t.autoCloseAt,
    closed_at: t.closedAt,
    closed_unrated: bit(t.closedUnrated),
    rating: t.rating === null ? null : JSON.stringify(t.rating),
    reopen_count: t.reopenCount,
    flagged: bit(t.flagged),
    excellent: bit(t.excellent),
    merged_into: t.mergedInto,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    version: t.version,
  };
}

const STATE_COLUMNS: readonly TicketStateColumn[] = TICKET_STATE_COLUMNS.map(([c]) => c);

/**
 * The state columns to write for a ticket: those that differ from `before` (the same ticket as
 * read at `expectedVersion` in this transaction) plus `version`; every one without `before`.
 */
function changedColumns(row: TicketRow, before: TicketRow | undefined): readonly TicketStateColumn[] {
  if (before === undefined) return STATE_COLUMNS;
  return STATE_COLUMNS.filter((c) => c === 'version' || row[c] !== before[c]);
}

function sameUnits(a: TicketRow, b: TicketRow): boolean {
  return a.unit_id === b.unit_id && a.co_unit_ids === b.co_unit_ids && a.former_unit_ids === b.former_unit_ids;
}

/** The ticket_units rows of a ticket; a unit in several roles keeps the strongest (lead > co > former). */
export function unitRelations(
  t: Pick<Ticket, 'unitId' | 'coUnitIds' | 'formerUnitIds'>,
): Map<string, TicketUnitRelation> {
  const rel = new Map<string, TicketUnitRelation>();
  if (t.unitId !== null) rel.set(t.unitId, 'lead');
  for (const u of t.coUnitIds) if (!rel.has(u)) rel.set(u, 'co');
  for (const u of t.formerUnitIds) if (!rel.has(u)) rel.set(u, 'former');
  return rel;
}

// ---------------------------------------------------------------------------------------
// Cursors: opaque to callers, base64url JSON of the last row's sort keys (or an offset).

type CursorData =
  | { s: 'created_desc'; c: number; i: string }
  | { s: 'deadline_asc'; d: number | null; i: string }
  | { s: 'relevance'; o: number };

/** A cursor that does not belong to this list (tampered, or from another sort). */
/** A cursor that this repository did not make: a person's input error, answered 422. */
export class InvalidCursorError extends AppError {
  constructor() {
    super('VALIDATION', 'cursor');
  }
}

function encodeCursor(c: CursorData): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: TicketSort): CursorData {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const o = c as Record<string, unknown> | null;
  const valid =
    o !== null &&
    typeof o === 'object' &&
    o.s === sort &&
    ((sort === 'created_desc' && Number.isSafeInteger(o.c) && typeof o.i === 'string' && isStorableText(o.i)) ||
      (sort === 'deadline_asc' &&
        (o.d === null || Number.isSafeInteger(o.d)) &&
        typeof o.i === 'string' &&
        isStorableText(o.i)) ||
      (sort === 'relevance' && Number.isSafeInteger(o.o) && (o.o as number) >= 0));
  if (!valid) throw new InvalidCursorError();
  return o as CursorData;
}

// ---------------------------------------------------------------------------------------

type Db = Kysely<DB> | Transaction<DB>;
type TicketsEB = ExpressionBuilder<DB & { t: TicketsTable }, 't'>;

const NOTHING = sql<SqlBool>`1 = 0`;

/** The WHERE conditions of a filter, except full-text search (a join on SQLite). */
function filterConditions(eb: TicketsEB, f: TicketFilter): Expression<SqlBool>[] {
  const conds: Expression<SqlBool>[] = [];
  const inList = (col: 't.status' | 't.unit_id', values: readonly string[]): Expression<SqlBool> =>
    values.length === 0 ? NOTHING : eb(col, 'in', [...values]);

  if (f.visibleTo !== undefined) {
    const { submitterId, unitIds, unitRoles, published } = f.visibleTo;
    const any: Expression<SqlBool>[] = [];
    if (submitterId !== undefined) any.push(eb('t.submitter_id', '=', submitterId));
    if (published === true) any.push(eb('t.publish_consent', '=', 1));
    const roles = unitRoles ?? ['lead', 'co', 'former'];
    if (unitIds !== undefined && unitIds.length > 0 && roles.length > 0) {
      any.push(
        eb.exists(
          eb
            .selectFrom('ticket_units as tu')
            .select(sql`1`.as('one'))
            .whereRef('tu.ticket_id', '=', 't.id')
            .where('tu.unit_id', 'in', unitIds)
            .where('tu.relation', 'in', roles),
        ),
      );
    }
    conds.push(any.length === 0 ? NOTHING : eb.or(any));
  }
  if (f.submitterId !== undefined) conds.push(eb('t.submitter_id', '=', f.submitterId));
  if (f.leadUnitIds !== undefined) conds.push(inList('t.unit_id', f.leadUnitIds));
  if (f.statuses !== undefined) conds.push(inList('t.status', f.statuses));
  if (f.categoryId !== undefined) conds.push(eb('t.category_id', '=', f.categoryId));
  if (f.overdueAt !== undefined) {
    const now = f.overdueAt;
    conds.push(
      eb.or([
        eb.and([eb('t.status', 'in', ['pending', 'processing']), eb('t.resolve_due_at', '<', now)]),
        eb.and([eb('t.status', '=', 'dispatch'), eb('t.accept_due_at', '<', now)]),
      ]),
    );
  }
  if (f.notOverdueAt !== undefined) {
    // Spelled out rather than NOT(...): a null due time would make the negation null too.
    const now = f.notOverdueAt;
    conds.push(
      eb.or([
        eb('t.status', 'not in', ['pending', 'processing', 'dispatch']),
        eb.and([
          eb('t.status', 'in', ['pending', 'processing']),
          eb.or([eb('t.resolve_due_at', 'is', null), eb('t.resolve_due_at', '>=', now)]),
        ]),
        eb.and([
          eb('t.status', '=', 'dispatch'),
          eb.or([eb('t.accept_due_at', 'is', null), eb('t.accept_due_at', '>=', now)]),
        ]),
      ]),
    );
  }
  if (f.pendingExtension !== undefined) {
    conds.push(eb('t.pending_extension_until', f.pendingExtension ? 'is not' : 'is', null));
  }
  if (f.minEscalationLevel !== undefined) conds.push(eb('t.escalation_level', '>=', f.minEscalationLevel));
  if (f.escalationLevel !== undefined) conds.push(eb('t.escalation_level', '=', f.escalationLevel));
  if (f.createdFrom !== undefined) conds.push(eb('t.created_at', '>=', f.createdFrom));
  if (f.createdTo !== undefined) conds.push(eb('t.created_at', '<', f.createdTo));
  if (f.flagged !== undefined) conds.push(eb('t.flagged', '=', bit(f.flagged)));
  if (f.excellent !== undefined) conds.push(eb('t.excellent', '=', bit(f.excellent)));
  return conds;
}

/**
 * Tickets on either engine. Writes keep `ticket_units` in step with the ticket's units in the
 * same transaction; the search document is written as the dialect wants it: on insert
 * (`searchColumnsOnInsert` + `queueSearchDoc`) into the FTS5 queue on SQLite and a tsvector
 * in the row on PostgreSQL; on update (`searchColumns`) the two token lists in the row on
 * SQLite, whose FTS5 index follows them by trigger, and the tsvector on PostgreSQL.
 *
 * `updateMany` writes the state columns only (see TICKET_STATE_COLUMNS): the submitted text
 * and the search document are written by `insert` and `update`.
 */
/**
 * The texts of the statements every submission runs, built once per engine: through the
 * query builder, building and compiling them cost more CPU than SQLite took to run them
 * (bench:submit profile). Bound parameters as the engine writes them.
 */
class SubmissionStatements {
  readonly #pg: boolean;
  #ticket: { columns: string[]; text: string } | null = null;
  readonly #units = new Map<number, string>();
  readonly nextRef: string;

  constructor(dialectName: 'sqlite' | 'postgres') {
    this.#pg = dialectName === 'postgres';
    this.nextRef = this.#bind(
      'insert into ref_counters (day, last) values (#, 1) on conflict (day) do update set last = ref_counters.last + 1 returning last',
    );
  }

  /** `#` marks a parameter; PostgreSQL numbers them. */
  #bind(text: string): string {
    let n = 0;
    return this.#pg ? text.replaceAll('#', () => `$${++n}`) : text.replaceAll('#', '?');
  }

  ticket(row: Record<string, unknown>): { text: string; params: unknown[] } {
    const columns = Object.keys(row);
    if (this.#ticket === null || this.#ticket.columns.join() !== columns.join()) {
      this.#ticket = {
        columns,
        text: this.#bind(`insert into tickets (${columns.join(', ')}) values (${columns.map(() => '#').join(', ')})`),
      };
    }
    return { text: this.#ticket.text, params: this.#ticket.columns.map((c) => row[c]) };
  }

  units(count: number): string {
    let text = this.#units.get(count);
    if (text === undefined) {
      const values = Array.from({ length: count }, () => '(#, #, #)').join(', ');
      text = this.#bind(
        `insert into ticket_units (ticket_id, unit_id, relation) values ${values} on conflict (ticket_id, unit_id) do update set relation = excluded.relation`,
      );
      this.#units.set(count, text);
    }
    return text;
  }
}

const submissionStatements = {
  sqlite: new SubmissionStatements('sqlite'),
  postgres: new SubmissionStatements('postgres'),
};

export function createTicketRepository(db: Db, dialectName: 'sqlite' | 'postgres'): TicketRepository {
  const statements = submissionStatements[dialectName];
  const dialect = sqlDialect(dialectName);

  const base = () => db.selectFrom('tickets as t').select(T_COLUMNS);

  // Rows as this transaction locked or wrote them, so that writes can skip what did not
  // change: updateMany sends only changed columns (fewer indexes to maintain, less to send),
  // and ticket_units / the due-time index are rewritten only when their inputs changed. Safe
  // because every write is guarded by the version the row was read at. Rows, not tickets:
  // a caller may mutate the tickets it gets. Only kept inside a transaction (the stores
  // outside one live as long as the process).
  const known = new Map<string, TicketRow>();
  const remember = (row: TicketRow): void => {
    if (db.isTransaction) known.set(row.id, row);
  };
  // Where this transaction's claim found each row (see RowLoc), until the row is written.
  const locs = new Map<string, RowLoc>();
  /** The row this transaction last saw at `version`, if any. */
  const seenAt = (id: string, version: number): TicketRow | undefined => {
    const row = known.get(id);
    return row !== undefined && num(row.version) === version ? row : undefined;
  };

  /** The filtered query and, when the filter searches, the relevance expression. */
  function filtered(f: TicketFilter) {
    let qb = db.selectFrom('tickets as t').where((eb) => {
      const conds = filterConditions(eb, f);
      return conds.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(conds);
    });
    let rank = null;
    if (f.search !== undefined && f.search.length > 0) {
      const s = dialect.applySearch(qb as unknown as AnySelect, f.search);
      if (s !== null) {
        qb = s.qb as unknown as typeof qb;
        rank = s.rank;
      }
    }
    return { qb, rank };
  }

  /** Rewrites ticket_units of tickets whose current units differ from what is stored. */
  async function syncUnits(tickets: readonly Ticket[]): Promise<void> {
    const chunk = Math.min(10_000, dialect.maxParams - 10);
    for (let i = 0; i < tickets.length; i += chunk) {
      const part = tickets.slice(i, i + chunk);
      const stored = await db
        .selectFrom('ticket_units')
        .select(['ticket_id', 'unit_id', 'relation'])
        .where(
          'ticket_id',
          'in',
          part.map((t) => t.id),
        )
        .execute();
      const have = new Map<string, Map<string, string>>();
      for (const r of stored) {
        let m = have.get(r.ticket_id);
        if (m === undefined) {
          m = new Map();
          have.set(r.ticket_id, m);
        }
        m.set(r.unit_id, r.relation);
      }
      const upserts: { ticket_id: string; unit_id: string; relation: TicketUnitRelation }[] = [];
      for (const t of part) {
        const want = unitRelations(t);
        const got = have.get(t.id) ?? new Map<string, string>();
        const gone = [...got.keys()].filter((u) => !want.has(u));
        if (gone.length > 0) {
          await db.deleteFrom('ticket_units').where('ticket_id', '=', t.id).where('unit_id', 'in', gone).execute();
        }
        for (const [unit, relation] of want) {
          if (got.get(unit) !== relation) upserts.push({ ticket_id: t.id, unit_id: unit, relation });
        }
      }
      await upsertUnits(upserts);
    }
  }

  async function upsertUnits(
    rows: { ticket_id: string; unit_id: string; relation: TicketUnitRelation }[],
  ): Promise<void> {
    const chunk = Math.floor(dialect.maxParams / 3);
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const params = part.flatMap((r) => [r.ticket_id, r.unit_id, r.relation]);
      await db.executeQuery(CompiledQuery.raw(statements.units(part.length), params));
    }
  }

  const syncSweeps = (tickets: readonly Ticket[]) => dialect.syncDue(db, tickets);
  const insertSubmission = dialect.insertSubmission;

  return {
    insertAtomically:
      insertSubmission === undefined || db.isTransaction
        ? undefined
        : async (ticket, search, events, claim) =>
            insertSubmission(db, {
              ticket: { ...ticketToRow(ticket), ...dialect.searchColumnsOnInsert(search) },
              units: [...unitRelations(ticket)].map(([unit_id, relation]) => ({ unit_id, relation })),
              sweepAt: ticket.sweepAt,
              events: events.map(eventToRow),
              claim:
                claim === null
                  ? null
                  : {
                      user_id: claim.userId,
                      key: claim.key,
                      request_hash: claim.requestHash,
                      created_at: ticket.createdAt,
                    },
            }),

    async get(id) {
      const r = await base().where('t.id', '=', id).executeTakeFirst();
      return r === undefined ? null : ticketFromRow(r);
    },

    async getByRef(ref) {
      const r = await base().where('t.ref', '=', ref).executeTakeFirst();
      return r === undefined ? null : ticketFromRow(r);
    },

    async getForUpdate(id) {
      let q = base().where('t.id', '=', id);
      // The lock an UPDATE keeping the key takes; it lets rows referencing the ticket be inserted meanwhile.
      if (dialect.rowLocks) q = q.forNoKeyUpdate();
      const r = await q.executeTakeFirst();
      if (r === undefined) return null;
      remember(r);
      return ticketFromRow(r);
    },

    async insert(ticket, search) {
      const { text, params } = statements.ticket({ ...ticketToRow(ticket), ...dialect.searchColumnsOnInsert(search) });
      await db.executeQuery(CompiledQuery.raw(text, params));
      await dialect.queueSearchDoc(db, ticket.id, search);
      const rel = unitRelations(ticket);
      await upsertUnits([...rel].map(([unit_id, relation]) => ({ ticket_id: ticket.id, unit_id, relation })));
      if (ticket.sweepAt !== null) await syncSweeps([ticket]);
    },

    async update(ticket, expectedVersion, search?: SearchDoc) {
      const full = ticketToRow(ticket);
      const { id: _id, ref: _ref, submitter_id: _s, created_at: _c, ...row } = full;
      const res = await db
        .updateTable('tickets')
        .set(search === undefined ? row : { ...row, ...dialect.searchColumns(search) })
        .where('id', '=', ticket.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      locs.delete(ticket.id);
      const seen = seenAt(ticket.id, expectedVersion);
      if (seen === undefined || !sameUnits(seen, full)) await syncUnits([ticket]);
      if (seen === undefined || seen.sweep_at !== full.sweep_at) await syncSweeps([ticket]);
      remember(full);
      return true;
    },

    async list(filter, sort, limit, cursor): Promise<Page<Ticket>> {
      const { qb, rank } = filtered(filter);
      // Relevance without anything to rank by is the newest first.
      const effective: TicketSort = sort === 'relevance' && rank === null ? 'created_desc' : sort;
      const after = cursor === null ? null : decodeCursor(cursor, effective);
      let q = qb.select(T_COLUMNS);
      let offset = 0;

      if (effective === 'created_desc') {
        if (after?.s === 'created_desc') {
          const { c, i } = after;
          q = q.where((eb) =>
            eb.or([eb('t.created_at', '<', c), eb.and([eb('t.created_at', '=', c), eb('t.id', '<', i)])]),
          );
        }
        q = q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc');
      } else if (effective === 'deadline_asc') {
        if (after?.s === 'deadline_asc') {
          const { d, i } = after;
          q = q.where((eb) =>
            d === null
              ? eb.and([eb('t.resolve_due_at', 'is', null), eb('t.id', '>', i)])
              : eb.or([
                  eb('t.resolve_due_at', '>', d),
                  eb.and([eb('t.resolve_due_at', '=', d), eb('t.id', '>', i)]),
                  eb('t.resolve_due_at', 'is', null),
                ]),
          );
        }
        q = q.orderBy('t.resolve_due_at', (ob) => ob.asc().nullsLast()).orderBy('t.id', 'asc');
      } else {
        // Ranks are floats recomputed per query: an offset is the honest cursor here.
        offset = after?.s === 'relevance' ? after.o : 0;
        q = q
          .orderBy(rank as NonNullable<typeof rank>)
          .orderBy('t.created_at', 'desc')
          .orderBy('t.id', 'desc');
        if (offset > 0) q = q.offset(offset);
      }

      const rows = await q.limit(limit + 1).execute();
      const more = rows.length > limit;
      const items = (more ? rows.slice(0, limit) : rows).map(ticketFromRow);
      let nextCursor: string | null = null;
      const last = items[items.length - 1];
      if (more && last !== undefined) {
        nextCursor = encodeCursor(
          effective === 'created_desc'
            ? { s: 'created_desc', c: last.createdAt, i: last.id }
            : effective === 'deadline_asc'
              ? { s: 'deadline_asc', d: last.resolveDueAt, i: last.id }
              : { s: 'relevance', o: offset + limit },
        );
      }
      return { items, nextCursor };
    },

    async count(filter) {
      const { qb } = filtered(filter);
      const r = await qb.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return num(r.n);
    },

    async claimDue(now, limit) {
      // Outside a transaction the PostgreSQL row locks would be released at once and two
      // sweepers could take the same tickets; fail loudly on both engines.
      if (!db.isTransaction) throw new Error('claimDue must run inside a transaction');
      const rows = await dialect.claimDue(db, now, limit, READ_COLUMNS);
      return rows.map((claimed) => {
        const r = claimed as unknown as TicketRow;
        remember(r);
        locs.set(r.id, claimed.loc);
        return ticketFromRow(r);
      });
    },

    async updateMany(tickets) {
      if (tickets.length === 0) return [];
      // Rows are grouped by the columns they change (a sweep's escalations all change the
      // same few) and by whether the claim's location of the row is known, one batch write
      // per group.
      const rows = tickets.map(({ ticket }) => ticketToRow(ticket));
      const groups = new Map<string, { columns: readonly TicketStateColumn[]; rows: TicketStateRow[] }>();
      tickets.forEach(({ ticket, expectedVersion }, i) => {
        const row = rows[i] as TicketRow;
        const seen = seenAt(ticket.id, expectedVersion);
        const columns = changedColumns(row, seen);
        const loc = seen === undefined ? undefined : locs.get(ticket.id);
        const key = loc === undefined ? columns.join() : `@${columns.join()}`;
        let group = groups.get(key);
        if (group === undefined) {
          group = { columns, rows: [] };
          groups.set(key, group);
        }
        const state: Record<string, unknown> = { id: ticket.id, expected_version: expectedVersion };
        if (loc !== undefined) state.loc = loc;
        for (const c of columns) state[c] = row[c];
        group.rows.push(state as TicketStateRow);
      });
      const written: string[] = [];
      for (const { columns, rows: part } of groups.values()) {
        written.push(...(await dialect.updateTicketStates(db, columns, part)));
      }

      const ok = new Set(written);
      const moved: Ticket[] = [];
      const rescheduled: Ticket[] = [];
      tickets.forEach(({ ticket, expectedVersion }, i) => {
        if (!ok.has(ticket.id)) return;
        const row = rows[i] as TicketRow;
        const seen = seenAt(ticket.id, expectedVersion);
        if (seen === undefined || !sameUnits(seen, row)) moved.push(ticket);
        if (seen === undefined || seen.sweep_at !== row.sweep_at) rescheduled.push(ticket);
        remember(row); // its state columns are what is stored now (the text is not compared)
        locs.delete(ticket.id); // a written row may have moved
      });
      await syncUnits(moved);
      await syncSweeps(rescheduled);
      return written;
    },

    async nextRefSequence(day) {
      if (dialect.rowLocks && !db.isTransaction) {
        // PostgreSQL, on its own (the submission takes its number before its transaction, so
        // the day's row is locked for this one statement, not until the ticket commits). The
        // statement commits without waiting for its WAL flush (synchronous_commit off for this
        // implicit transaction only): the lock goes at once instead of after an fsync, which
        // would serialise submissions again. Safe: WAL is flushed in order, so the ticket that
        // uses the number, committed later with the server's synchronous commit, makes the
        // counter durable with it; a crash before that loses only the bump of a number no
        // acknowledged ticket has.
        const r = await db.executeQuery<{ last: number | string }>(
          prepared(
            sql`insert into ref_counters (day, last)
          select ${day}, 1 from (select set_config('synchronous_commit', 'off', true)) as async_commit
          on conflict (day) do update set last = ref_counters.last + 1
          returning last`.compile(db),
          ),
        );
        return num((r.rows[0] as { last: number | string }).last);
      }
      const r = await db.executeQuery<{ last: number | string }>(CompiledQuery.raw(statements.nextRef, [day]));
      return num((r.rows[0] as { last: number | string }).last);
    },
  };
}
