import type { RoleGrant, Role } from '../../domain/actor.ts';
import type { DayKind } from '../../domain/calendar/types.ts';
import type { EscalationPolicy, PolicyRule } from '../../domain/escalation/policy.ts';
import type { TicketEvent, TicketEventType } from '../../domain/ticket/events.ts';
import type { EscalationLevel, Ticket, TicketStatus } from '../../domain/ticket/types.ts';

/** Text prepared for full-text search (see src/domain/text). */
export interface SearchDoc {
  words: string;
  grams: string;
  /** Its tsvector literal (`toTsVector`), when the indexer built it already (PostgreSQL). */
  tsvector?: string;
}
export interface SearchTerm {
  word: string;
  grams: readonly string[];
  prefix: boolean;
  /** Ranking only: the unspaced chunk the word was cut from (see domain/text/search.ts). */
  verbatim?: { word: string; grams: readonly string[] };
}

export interface Unit {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'department' | 'college' | 'other';
  active: boolean;
  createdAt: number;
}

export interface Category {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  defaultUnitId: string | null;
  active: boolean;
  sort: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  /** 'student' | 'staff' | other free text from the directory. */
  kind: string;
  locale: string | null;
  active: boolean;
  createdAt: number;
}

/** A way to sign in; local passwords are one provider among others (CAS, OIDC later). */
export interface ExternalIdentity {
  provider: string;
  subject: string;
  userId: string;
  /** argon2id hash for the local provider; null for external providers. */
  secretHash: string | null;
}

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface CalendarDay {
  date: string;
  kind: DayKind;
  source: 'statutory' | 'institution';
  note: string | null;
}

export type TicketSort = 'created_desc' | 'deadline_asc' | 'relevance';

export interface TicketFilter {
  /** Visibility limits: a ticket matches when it belongs to the submitter OR touches one of the units. Undefined = no limit. */
  visibleTo?: {
    submitterId?: string;
    unitIds?: string[];
    unitRoles?: ('lead' | 'co' | 'former')[];
    /** Also tickets whose submitter agreed to publish the answer (anonymised). */
    published?: boolean;
  };
  submitterId?: string;
  /** Tickets whose lead unit is one of these. */
  leadUnitIds?: string[];
  statuses?: TicketStatus[];
  categoryId?: string;
  /** Open tickets whose resolveDueAt (or acceptDueAt for dispatch) is before `now`. */
  overdueAt?: number;
  /** Every ticket that `overdueAt` with this instant would leave out. */
  notOverdueAt?: number;
  /** Tickets with an interim reply's longer promise waiting for approval (pendingExtensionUntil set). */
  pendingExtension?: boolean;
  minEscalationLevel?: EscalationLevel;
  escalationLevel?: EscalationLevel;
  /** Search terms from parseSearchQuery; ranks by relevance when sort is 'relevance'. */
  search?: SearchTerm[];
  createdFrom?: number;
  createdTo?: number;
  flagged?: boolean;
  excellent?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TicketRepository {
  get(id: string): Promise<Ticket | null>;
  getByRef(ref: string): Promise<Ticket | null>;
  /** Reads and locks the row for the rest of the transaction (PostgreSQL FOR UPDATE; SQLite's write lock). */
  getForUpdate(id: string): Promise<Ticket | null>;
  insert(ticket: Ticket, search: SearchDoc): Promise<void>;
  /**
   * Offered by engines where it saves round trips (PostgreSQL): `insert` plus the ticket's
   * first events, after claiming the idempotency key if one is given, as one atomic statement.
   * Call it outside a transaction (it is its own). False when the key was already claimed:
   * then nothing was written.
   */
  insertAtomically?(
    ticket: Ticket,
    search: SearchDoc,
    events: readonly TicketEvent[],
    claim: { userId: string; key: string; requestHash: string } | null,
  ): Promise<boolean>;
  /** Writes the new state when the stored version is still `expectedVersion`; false on a conflict. */
  update(ticket: Ticket, expectedVersion: number, search?: SearchDoc): Promise<boolean>;
  list(filter: TicketFilter, sort: TicketSort, limit: number, cursor: string | null): Promise<Page<Ticket>>;
  count(filter: TicketFilter): Promise<number>;
  /** Tickets with sweepAt <= now, oldest first, locked with SKIP LOCKED on PostgreSQL. */
  claimDue(now: number, limit: number): Promise<Ticket[]>;
  /** Writes many swept tickets at once (each guarded by its version); returns the ids written. */
  updateMany(tickets: { ticket: Ticket; expectedVersion: number }[]): Promise<string[]>;
  /** Next number of the day for human references (YYYYMMDD-NNNN); atomic within the transaction. */
  nextRefSequence(day: string): Promise<number>;
}

export interface EventRepository {
  append(events: readonly TicketEvent[]): Promise<void>;
  listForTicket(ticketId: string, visibility: 'all' | 'public'): Promise<TicketEvent[]>;
  lastSeq(ticketId: string): Promise<number>;
  /**
   * Events of one type across tickets, newest first, optionally only those on tickets of some
   * units (that lead or co-handle the ticket now, or had it before). Keyset pages; a cursor it
   * did not make is a VALIDATION error on `cursor`.
   */
  listOfType(
    type: TicketEventType,
    filter: { unitIds?: readonly string[] },
    limit: number,
    cursor: string | null,
  ): Promise<Page<TicketEvent>>;
}

export interface UserRepository {
  get(id: string): Promise<User | null>;
  getByUsername(username: string): Promise<User | null>;
  getMany(ids: string[]): Promise<User[]>;
  insert(user: User): Promise<void>;
  update(user: User): Promise<void>;
  list(filter: { q?: string; role?: Role; unitId?: string }, limit: number, cursor: string | null): Promise<Page<User>>;
  grants(userId: string): Promise<RoleGrant[]>;
  setGrants(userId: string, grants: RoleGrant[]): Promise<void>;
  /** Users holding a role (optionally for one unit), e.g. a unit's officers. */
  withRole(role: Role, unitId?: string): Promise<User[]>;
  /** The units for which at least one active user holds a role (e.g. the units with a leader in charge). */
  unitsWithRole(role: Role): Promise<string[]>;
  /**
   * Ids of the active users holding a role (any unit), read for a check that must not race:
   * on PostgreSQL the call first takes a transaction-scoped lock that every other caller
   * waits for, so two transactions cannot both pass a "someone else still has it" check
   * (SQLite's write transactions never interleave). Call it inside a transaction.
   */
  lockActiveWithRole(role: Role): Promise<string[]>;
  identity(provider: string, subject: string): Promise<ExternalIdentity | null>;
  identitiesOf(userId: string): Promise<ExternalIdentity[]>;
  upsertIdentity(identity: ExternalIdentity): Promise<void>;
}

export interface SessionRepository {
  insert(s: Session): Promise<void>;
  get(idHash: string, now: number): Promise<Session | null>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
  insertToken(t: ApiToken): Promise<void>;
  tokenByHash(hash: string): Promise<ApiToken | null>;
  /** A live (unrevoked) token with its user (active or not) and the user's grants, in one query. */
  tokenSignIn(hash: string): Promise<{ token: ApiToken; user: User; grants: RoleGrant[] } | null>;
  /** An unexpired session with its user (active or not) and the user's grants, in one query. */
  sessionSignIn(idHash: string, now: number): Promise<{ session: Session; user: User; grants: RoleGrant[] } | null>;
  tokensOf(userId: string): Promise<ApiToken[]>;
  revokeToken(id: string, userId: string, at: number): Promise<boolean>;
  touchToken(id: string, at: number): Promise<void>;
  /** Ends every sign-in session of a user (API tokens are kept); the number ended. */
  deleteSessionsOf(userId: string): Promise<number>;
}

export interface UnitRepository {
  list(includeInactive?: boolean): Promise<Unit[]>;
  get(id: string): Promise<Unit | null>;
  getByCode(code: string): Promise<Unit | null>;
  insert(u: Unit): Promise<void>;
  update(u: Unit): Promise<void>;
}

export interface CategoryRepository {
  list(includeInactive?: boolean): Promise<Category[]>;
  get(id: string): Promise<Category | null>;
  getByCode(code: string): Promise<Category | null>;
  insert(c: Category): Promise<void>;
  update(c: Category): Promise<void>;
}

export interface PolicyRepository {
  list(): Promise<(PolicyRule & { id: string })[]>;
  upsert(rule: PolicyRule & { id: string }): Promise<void>;
  delete(id: string): Promise<boolean>;
}

export interface CalendarRepository {
  list(fromDate?: string, toDate?: string): Promise<CalendarDay[]>;
  /** Replaces the entries of a source within a date range (inclusive), e.g. a loaded year. */
  replaceRange(source: CalendarDay['source'], fromDate: string, toDate: string, days: CalendarDay[]): Promise<void>;
  upsert(day: CalendarDay): Promise<void>;
  delete(date: string, source: CalendarDay['source']): Promise<boolean>;
}

export interface IdempotencyRepository {
  /** The ticket id first created with this key by this user, with a digest of the request. */
  get(userId: string, key: string): Promise<{ ticketId: string; requestHash: string } | null>;
  /** Claims the key for a ticket; false when another submission holds it already. */
  put(userId: string, key: string, ticketId: string, requestHash: string, at: number): Promise<boolean>;
}

/** An uploaded photo; its bytes are in the FileStore under `id` and `id.thumb`. */
export interface Attachment {
  id: string;
  ownerId: string;
  /** Null until a submission attaches it. */
  ticketId: string | null;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  thumbMime: string;
  thumbWidth: number;
  thumbHeight: number;
  /** SHA-256 (hex) of the stored image. */
  sha256: string;
  createdAt: number;
}

export interface AttachmentRepository {
  insertMany(items: readonly Attachment[]): Promise<void>;
  get(id: string): Promise<Attachment | null>;
  /** Attaches those of `ids` that belong to `ownerId` and are unattached; returns how many it attached. */
  attach(ids: readonly string[], ownerId: string, ticketId: string): Promise<number>;
  /** The photos of these tickets, oldest first. */
  listForTickets(ticketIds: readonly string[]): Promise<Attachment[]>;
  /**
   * Deletes up to `limit` photos still unattached that were uploaded before `before`, oldest
   * first, and returns their ids (a photo attached meanwhile is left alone).
   */
  deleteUnattached(before: number, limit: number): Promise<string[]>;
}

/** Every repository, bound to one connection or transaction. */
export interface Stores {
  tickets: TicketRepository;
  events: EventRepository;
  users: UserRepository;
  sessions: SessionRepository;
  units: UnitRepository;
  categories: CategoryRepository;
  policies: PolicyRepository;
  calendar: CalendarRepository;
  idempotency: IdempotencyRepository;
  attachments: AttachmentRepository;
}

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  /** Repositories outside a transaction (reads). */
  readonly stores: Stores;
  /** Runs `fn` in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(fn: (s: Stores) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, a burst of transactions writing many scattered rows (a sweep); the engine may
   * size its caches for it meanwhile (SQLite: the writer's page cache).
   */
  bulk<T>(fn: () => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type { EscalationPolicy };
