/**
 * The demo university: a directory (units, categories, accounts for every role) and about 200
 * requests spread over the last six months, so a fresh installation shows something real.
 *
 * Every request lives through the real use cases (submitTicket, actOnTicket, sweepDueTickets)
 * under a simulated clock that walks forward through time: deadlines, reminders, escalations
 * and automatic closures come out exactly as the rules make them. Texts, people and timelines
 * are drawn from a seeded PRNG, so two runs with the same `now` tell the same story (ids and
 * passwords differ).
 */
import type { Actor, RoleGrant } from '../../domain/actor.ts';
import type { WorkCalendar } from '../../domain/calendar/types.ts';
import {
  addCalendarDays,
  addWorkingDays,
  dueAt,
  endOfLocalDay,
  isWorkingDay,
  localDate,
} from '../../domain/calendar/working-days.ts';
import { type Ticket, TICKET_STATUSES, type TicketStatus } from '../../domain/ticket/types.ts';
import { urgeDeadlineAllowed } from '../../domain/ticket/decide.ts';
import { createCategory, createUnit, createUser } from '../admin/directory.ts';
import { setPolicy } from '../admin/policies.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { DirectoryCache } from '../directory-cache.ts';
import { Policies } from '../policies.ts';
import type { Clock } from '../ports/runtime.ts';
import type { Database, Stores } from '../ports/store.ts';
import { type TicketRequest, actOnTicket } from '../tickets/act-on-ticket.ts';
import { type SubmitTicketInput, submitTicket } from '../tickets/submit-ticket.ts';
import { sweepDueTickets } from '../tickets/sweep-due-tickets.ts';
import { WorkingCalendar } from '../working-calendar.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_CATEGORIES,
  DEMO_POLICIES,
  DEMO_UNITS,
  PHRASES,
  POOLS,
  personName,
  TEMPLATES,
  type TicketTemplate,
} from './demo-data.ts';
import { generatePassword, Prng } from './random.ts';

/** A demo sign-in, shown once when the demo is seeded. */
export interface DemoAccount {
  username: string;
  password: string;
  /** E.g. ["officer:HQC"], ["supervisor"], ["submitter"]. */
  roles: string[];
}
export type DemoAccounts = DemoAccount[];

export interface DemoSeedOptions {
  /**
   * Seed although the database has users, provided it has no units yet (e.g. an admin account
   * was created first). A database with units is never touched: demo units would mix with a
   * real directory.
   */
  force?: boolean;
  /** The present of the story; default the deps' clock. */
  now?: number;
  /** Number of requests (default 200). */
  tickets?: number;
  /** How far back the story starts, in days (default 182). */
  days?: number;
  /** PRNG seed (default fixed): the same seed and `now` give the same story. */
  seed?: number;
}

export interface DemoSeedReport {
  accounts: DemoAccounts;
  units: number;
  categories: number;
  users: number;
  tickets: number;
  byStatus: Record<TicketStatus, number>;
  /** Requests escalated at least once. */
  escalated: number;
  /** Planned actions the rules refused (should stay empty: the plan follows the rules). */
  refused: { ref: string; action: string; code: string }[];
  from: number;
  to: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DEFAULT_SEED = 20_220_301;
/** The sweeper runs every minute in `serve`; the simulation sweeps a minute after each due instant. */
const SWEEP_LAG = MIN;

/**
 * Seeds the demo university when the database has no users yet (the first start of `serve`);
 * returns the demo sign-ins, or null when there was nothing to do. Safe when two instances
 * start together: the loser's writes collide with the winner's and it steps back.
 */
export async function ensureDemoSeed(deps: AppDeps): Promise<DemoAccounts | null> {
  if (await hasUsers(deps)) return null;
  try {
    return (await seedDemo(deps)).accounts;
  } catch (e) {
    // Another instance seeded first (its units or users collided with ours): nothing to do.
    if (await hasUsers(deps)) return null;
    throw e;
  }
}

async function hasUsers(deps: AppDeps): Promise<boolean> {
  return (await deps.db.stores.users.list({}, 1, null)).items.length > 0;
}

/**
 * Seeds the demo university. Refuses (CONFLICT, params.reason 'has_users' or 'has_units')
 * when the database already has users, unless `force` is set and it has no units; demo
 * usernames already taken then get a "-demo" suffix.
 */
export async function seedDemo(deps: AppDeps, opts: DemoSeedOptions = {}): Promise<DemoSeedReport> {
  const to = opts.now ?? deps.clock.now();
  const from = to - (opts.days ?? 182) * DAY;
  const cal = await deps.calendar.get();
  // The whole demo is written in one transaction: a seed cut short leaves an empty database
  // (and the next start seeds again), and SQLite commits once instead of a few thousand times.
  // The use cases inside see a database whose "transactions" are that one transaction; they
  // only throw before they write, so a refused step leaves nothing behind.
  const report = await deps.db.transaction(async (tx) => {
    const db: Database = {
      dialect: deps.db.dialect,
      stores: tx,
      transaction: <T>(fn: (s: Stores) => Promise<T>) => fn(tx),
      bulk: <T>(fn: () => Promise<T>) => fn(),
      migrate: () => Promise.reject(new Error('no migrations inside the demo seed')),
      close: () => Promise.resolve(),
    };
    if ((await tx.users.list({}, 1, null)).items.length > 0) {
      if (!opts.force) throw new AppError('CONFLICT', 'database', { reason: 'has_users' });
      const units = await tx.units.list(true);
      if (units.length > 0) throw new AppError('CONFLICT', 'database', { reason: 'has_units', units: units.length });
    }
    const clock = new SimClock(from - 14 * DAY);
    // The use cases run on a clock we move; calendar and policies are cached for the whole run
    // (nothing else changes them meanwhile) instead of being reloaded every simulated minute.
    const sim: AppDeps & { clock: SimClock } = {
      ...deps,
      db,
      clock,
      calendar: new WorkingCalendar(
        db,
        { timeZone: cal.timeZone, endOfDay: cal.endOfDay },
        clock,
        Number.POSITIVE_INFINITY,
      ),
      policies: new Policies(db, clock, Number.POSITIVE_INFINITY),
      directory: new DirectoryCache(db, clock, 0),
    };
    const rng = new Prng(opts.seed ?? DEFAULT_SEED);
    const dir = await seedDirectory(sim);
    const story = new Story(sim, cal, rng, dir, from, to);
    const refused = await story.run(opts.tickets ?? 200);
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((st) => [st, 0])) as Record<TicketStatus, number>;
    for (const st of TICKET_STATUSES) byStatus[st] = await tx.tickets.count({ statuses: [st] });
    return {
      accounts: dir.accounts,
      units: DEMO_UNITS.length,
      categories: DEMO_CATEGORIES.length,
      users: dir.userCount,
      tickets: await tx.tickets.count({}),
      byStatus,
      escalated: story.escalatedCount(),
      refused,
      from,
      to,
    };
  });
  deps.policies.invalidate();
  deps.calendar.invalidate();
  return report;
}

class SimClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

// ------------------------------------------------------------------------------------------
// Directory

interface Person {
  id: string;
  grants: RoleGrant[];
  kind: 'student' | 'staff';
}

interface Directory {
  accounts: DemoAccounts;
  userCount: number;
  unitId: Map<string, string>;
  categoryId: Map<string, string>;
  byUsername: Map<string, Person>;
  students: Person[];
  staff: Person[];
  officerOf: Map<string, Person>;
  inspectorOf: Map<string, Person>;
  leaderOf: Map<string, Person>;
  supervisor: Person;
}

async function seedDirectory(deps: AppDeps): Promise<Directory> {
  const unitId = new Map<string, string>();
  for (const u of DEMO_UNITS) unitId.set(u.code, (await createUnit(deps, u)).id);
  const categoryId = new Map<string, string>();
  for (const [i, c] of DEMO_CATEGORIES.entries()) {
    const created = await createCategory(deps, {
      code: c.code,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      defaultUnitId: c.defaultUnit ? (unitId.get(c.defaultUnit) ?? null) : null,
      sort: (i + 1) * 10,
    });
    categoryId.set(c.code, created.id);
  }
  for (const p of DEMO_POLICIES) {
    await setPolicy(
      deps,
      p.unit ? (unitId.get(p.unit) ?? null) : null,
      p.category ? (categoryId.get(p.category) ?? null) : null,
      p.policy,
    );
  }

  const accounts: DemoAccounts = [];
  const byUsername = new Map<string, Person>();
  const officerOf = new Map<string, Person>();
  const inspectorOf = new Map<string, Person>();
  const leaderOf = new Map<string, Person>();
  let supervisor: Person | null = null;
  let userCount = 0;
  // Created side by side: each one's argon2 hash then runs on its own worker thread.
  const created = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => {
      const username = await freeUsername(deps, a.username);
      const password = generatePassword();
      const grants: RoleGrant[] = a.grants.map((g) => ({
        role: g.role,
        unitId: g.unit ? (unitId.get(g.unit) ?? null) : null,
      }));
      const user = await createUser(deps, {
        username,
        displayName: a.displayName,
        email: a.email,
        kind: a.kind,
        password,
        grants,
      });
      return { spec: a, username, password, person: { id: user.id, grants, kind: a.kind } satisfies Person };
    }),
  );
  for (const { spec: a, username, password, person } of created) {
    userCount++;
    byUsername.set(a.username, person);
    for (const g of a.grants) {
      if (g.role === 'officer' && g.unit) officerOf.set(g.unit, person);
      if (g.role === 'inspector' && g.unit) inspectorOf.set(g.unit, person);
      if (g.role === 'leader' && g.unit) leaderOf.set(g.unit, person);
      if (g.role === 'supervisor') supervisor = person;
    }
    const roles = a.grants.length ? a.grants.map((g) => (g.unit ? `${g.role}:${g.unit}` : g.role)) : ['submitter'];
    accounts.push({ username, password, roles });
  }
  if (!supervisor) throw new Error('demo data has no supervisor');

  // Submitters without a local password: in a real campus they sign in through SSO.
  const students: Person[] = [byUsername.get('student') as Person];
  const staff: Person[] = [byUsername.get('staff') as Person];
  for (let i = 0; i < 60; i++) {
    const isStaff = i % 5 === 4;
    const base = isStaff
      ? `t${2008 + (i % 15)}${String(1000 + i * 37).slice(-4)}`
      : `${2021 + (i % 4)}${String(10_000 + i * 4231).slice(-6)}`;
    const username = await freeUsername(deps, base);
    const user = await createUser(deps, {
      username,
      displayName: personName(i),
      kind: isStaff ? 'staff' : 'student',
      email: `${username}@${isStaff ? '' : 'stu.'}demo.donghu.edu.cn`,
    });
    userCount++;
    (isStaff ? staff : students).push({ id: user.id, grants: [], kind: isStaff ? 'staff' : 'student' });
  }
  return {
    accounts,
    userCount,
    unitId,
    categoryId,
    byUsername,
    students,
    staff,
    officerOf,
    inspectorOf,
    leaderOf,
    supervisor,
  };
}

/** The username itself when free, else the first free of name-demo, name-demo2 … (only with --force). */
async function freeUsername(deps: AppDeps, base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}-demo${i === 1 ? '' : i}`;
    if (!(await deps.db.stores.users.getByUsername(name))) return name;
  }
}

// ------------------------------------------------------------------------------------------
// The story: plan every request's life, then play all of them through time together.

type Who = 'submitter' | 'officer' | 'co_officer' | 'inspector' | 'supervisor' | 'leader';

interface Step {
  at: number;
  who: Who;
  request: TicketRequest;
}

interface Plan {
  at: number;
  submitter: Person;
  input: SubmitTicketInput;
  steps: Step[];
}

type StoryKind =
  | 'quick'
  | 'rated_bad'
  | 'unrated'
  | 'explained'
  | 'interim'
  | 'extension'
  | 'info'
  | 'info_withdraw'
  | 'ignored'
  | 'escalated_leader'
  | 'reopen'
  | 'withdraw'
  | 'urge_supervisor';

/** How the requests whose template has no special route go; 'explained' is drawn apart, for templates that have an explanation. */
const STORY_WEIGHTS: Readonly<Record<Exclude<StoryKind, 'explained'>, number>> = {
  quick: 40,
  rated_bad: 6,
  unrated: 11,
  interim: 6,
  extension: 1.5,
  info: 6,
  info_withdraw: 1.5,
  ignored: 6,
  escalated_leader: 2.5,
  reopen: 5,
  withdraw: 3,
  urge_supervisor: 2.5,
};

/** Share of requests by category (the rest of each template group shares its weight evenly). */
const CATEGORY_WEIGHTS: Readonly<Record<string, number>> = {
  repair: 30,
  teaching: 13,
  network: 11,
  safety: 8,
  library: 7,
  finance: 6,
  student: 8,
  personnel: 3,
  graduate: 2,
  direct: 5,
  misrouted: 5,
  dispatch: 9,
};

type ForcedKind = 'dispatch_wait' | 'ignored_open' | 'stuck_processing' | 'awaiting' | 'resolved_wait';

/** Requests still open "now", placed on purpose so every inbox of the demo has something in it. */
const FORCED: readonly { kind: ForcedKind; unit?: string; category?: string; who?: 'student' | 'staff' }[] = [
  { kind: 'dispatch_wait', who: 'student' },
  { kind: 'dispatch_wait' },
  { kind: 'ignored_open', category: 'repair' },
  { kind: 'ignored_open', category: 'network' },
  { kind: 'ignored_open', unit: 'JGXY' },
  { kind: 'stuck_processing', category: 'teaching' },
  { kind: 'stuck_processing', category: 'repair' },
  { kind: 'awaiting', category: 'repair', who: 'student' },
  { kind: 'awaiting', category: 'finance' },
  { kind: 'resolved_wait', category: 'repair', who: 'student' },
  { kind: 'resolved_wait', category: 'personnel', who: 'staff' },
  { kind: 'resolved_wait', category: 'library' },
];

const WORK_FROM = 8 * 60 + 40;
const WORK_TO = 17 * 60 + 20;
const WORK_END = 17 * 60 + 30;

class Story {
  private readonly eodMs: number;
  private readonly state = new Map<number, Ticket>();
  private readonly refused: DemoSeedReport['refused'] = [];

  constructor(
    private readonly deps: AppDeps & { clock: SimClock },
    private readonly cal: WorkCalendar,
    private readonly rng: Prng,
    private readonly dir: Directory,
    private readonly from: number,
    private readonly to: number,
  ) {
    const [h, m, sec] = cal.endOfDay.split(':').map(Number);
    this.eodMs = (((h ?? 23) * 60 + (m ?? 59)) * 60 + (sec ?? 0)) * 1000;
  }

  escalatedCount(): number {
    let n = 0;
    for (const t of this.state.values()) if (t.escalationLevel > 0) n++;
    return n;
  }

  async run(count: number): Promise<DemoSeedReport['refused']> {
    const plans = this.plan(count);
    // One queue of everything that happens, in time order; a request's own steps keep their order.
    const queue: { at: number; ticket: number; seq: number; step: Step | null }[] = [];
    plans.forEach((p, i) => {
      queue.push({ at: p.at, ticket: i, seq: 0, step: null });
      p.steps.forEach((step, j) => {
        if (step.at < this.to) queue.push({ at: step.at, ticket: i, seq: j + 1, step });
      });
    });
    queue.sort((a, b) => a.at - b.at || a.ticket - b.ticket || a.seq - b.seq);
    const dropped = new Set<number>();
    const clock = this.deps.clock;
    let qi = 0;
    for (;;) {
      const next = queue[qi];
      const nextAt = next ? next.at : this.to;
      const due = this.nextDue();
      if (due !== null && Math.max(due + SWEEP_LAG, clock.t) <= nextAt) {
        clock.t = Math.max(due + SWEEP_LAG, clock.t + SWEEP_LAG);
        await this.sweep();
        continue;
      }
      if (!next) break;
      qi++;
      if (dropped.has(next.ticket)) continue;
      clock.t = Math.max(clock.t, next.at);
      const plan = plans[next.ticket] as Plan;
      if (next.step === null) {
        const actor: Actor = { kind: 'user', userId: plan.submitter.id, grants: plan.submitter.grants };
        const { ticket } = await submitTicket(this.deps, actor, plan.input);
        this.state.set(next.ticket, ticket);
        continue;
      }
      const current = this.state.get(next.ticket) as Ticket;
      const actor = this.actorFor(next.step.who, current, plan);
      try {
        if (!actor) throw new AppError('FORBIDDEN', next.step.who);
        const { ticket } = await actOnTicket(this.deps, actor, current.id, this.asPlayed(next.step.request, current));
        this.state.set(next.ticket, ticket);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // The rest of this request's plan assumed the refused step: stop it here.
        this.refused.push({ ref: current.ref, action: next.step.request.action, code: e.code });
        dropped.add(next.ticket);
      }
    }
    clock.t = Math.max(clock.t, this.to);
    await this.sweep();
    return this.refused;
  }

  /**
   * A planned urge names a deadline some working days ahead; when the unit's deadline in force
   * comes sooner (it was accepted late in its day), the urge keeps that one, as an inspector
   * would: an urge may bring a deadline forward, never put it off.
   */
  private asPlayed(request: TicketRequest, t: Ticket): TicketRequest {
    if (request.action !== 'urge' || request.deadline === null || t.resolveDueAt === null) return request;
    if (urgeDeadlineAllowed(t, request.deadline, this.deps.clock.t)) return request;
    return { ...request, deadline: t.resolveDueAt };
  }

  private nextDue(): number | null {
    let min: number | null = null;
    for (const t of this.state.values()) if (t.sweepAt !== null && (min === null || t.sweepAt < min)) min = t.sweepAt;
    return min;
  }

  private async sweep(): Promise<void> {
    const now = this.deps.clock.t;
    await sweepDueTickets(this.deps, { now });
    for (const [i, t] of this.state) {
      if (t.sweepAt === null || t.sweepAt > now) continue;
      const fresh = (await this.deps.db.stores.tickets.get(t.id)) as Ticket;
      // A ticket the sweep had nothing to do for would stay "due" forever: stop watching it.
      this.state.set(
        i,
        fresh.version === t.version && fresh.sweepAt !== null && fresh.sweepAt <= now
          ? { ...fresh, sweepAt: null }
          : fresh,
      );
    }
  }

  private actorFor(who: Who, t: Ticket, plan: Plan): Actor | null {
    const person = (p: Person | undefined | null): Actor | null =>
      p ? { kind: 'user', userId: p.id, grants: p.grants } : null;
    const code = (unitId: string | null | undefined) => {
      for (const [c, id] of this.dir.unitId) if (id === unitId) return c;
      return undefined;
    };
    switch (who) {
      case 'submitter':
        return person(plan.submitter);
      case 'supervisor':
        return person(this.dir.supervisor);
      case 'officer':
        return person(this.dir.officerOf.get(code(t.unitId) ?? ''));
      case 'co_officer':
        return person(this.dir.officerOf.get(code(t.coUnitIds[0]) ?? ''));
      case 'inspector':
        return person(this.dir.inspectorOf.get(code(t.unitId) ?? ''));
      case 'leader':
        return person(this.dir.leaderOf.get(code(t.unitId) ?? ''));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Time in the calendar's zone

  /** The instant of a local date at `minutes` after midnight. */
  private at(date: string, minutes: number): number {
    return endOfLocalDay(this.cal, date) - this.eodMs + minutes * MIN;
  }

  private minutesOf(t: number): number {
    return Math.floor((t - this.at(localDate(this.cal, t), 0)) / MIN);
  }

  private nextWorkingDate(date: string): string {
    let d = date;
    while (!isWorkingDay(this.cal, d)) d = addCalendarDays(d, 1);
    return d;
  }

  /** When an office worker acts: during office hours of the `wd`-th working day after `after` (0: the same or next one). */
  private officer(after: number, wd: number): number {
    const start = localDate(this.cal, after);
    const date = wd === 0 ? this.nextWorkingDate(start) : addWorkingDays(this.cal, start, wd);
    let t = this.at(date, this.rng.int(WORK_FROM, WORK_TO));
    if (t <= after + 10 * MIN) {
      const later = after + this.rng.int(15, 120) * MIN;
      t =
        localDate(this.cal, later) === date && this.minutesOf(later) <= WORK_END
          ? later
          : this.at(addWorkingDays(this.cal, date, 1), this.rng.int(WORK_FROM, 11 * 60));
    }
    return t;
  }

  /** When a student or teacher acts: `minH`–`maxH` hours later, but not in the small hours. */
  private person(after: number, minH: number, maxH: number): number {
    const t = after + this.rng.int(minH * 60, maxH * 60) * MIN;
    const m = this.minutesOf(t);
    const date = localDate(this.cal, t);
    if (m < 7 * 60 + 30) return this.at(date, this.rng.int(7 * 60 + 30, 10 * 60));
    if (m > 23 * 60 + 30) return this.at(addCalendarDays(date, 1), this.rng.int(7 * 60 + 30, 10 * 60));
    return t;
  }

  /** A submission instant on a random day in [lo, hi), at an hour people write. */
  private submissionTime(lo: number, hi: number): number {
    const day = localDate(this.cal, lo + this.rng.next() * (hi - lo));
    const slot = this.rng.next();
    const minutes =
      slot < 0.6
        ? this.rng.int(8 * 60, 18 * 60)
        : slot < 0.95
          ? this.rng.int(18 * 60, 23 * 60 + 20)
          : this.rng.int(7 * 60, 8 * 60);
    const t = this.at(day, minutes);
    return t >= this.to - 30 * MIN ? this.to - this.rng.int(30, 300) * MIN : t;
  }

  // ---------------------------------------------------------------------------------------
  // Planning

  private plan(count: number): Plan[] {
    const plans: Plan[] = [];
    for (const f of FORCED.slice(0, Math.max(0, Math.min(FORCED.length, count - 10)))) {
      const forced = this.planForced(f);
      if (forced) plans.push(forced);
    }
    while (plans.length < count) plans.push(this.planRandom());
    for (const p of plans) {
      let last = p.at;
      for (const s of p.steps) {
        if (!(s.at > last)) throw new Error(`demo seed: steps out of order (${s.request.action})`);
        last = s.at;
      }
    }
    return plans.sort((a, b) => a.at - b.at);
  }

  private planRandom(): Plan {
    const tpl = this.pickTemplate();
    const S = this.submissionTime(this.from, this.to);
    const vars = this.vars();
    const submitter = this.pickSubmitter(tpl);
    let steps: Step[];
    if (tpl.belongsTo) steps = this.returned(S, tpl, vars);
    else if (tpl.routeTo) steps = this.dispatched(S, tpl, vars);
    else if (tpl.explanation && this.rng.chance(0.3)) steps = this.story('explained', S, tpl, vars);
    else steps = this.story(this.rng.weighted(STORY_WEIGHTS), S, tpl, vars);
    return { at: S, submitter, input: this.input(tpl, vars), steps };
  }

  /** A request left open on purpose; null when the calendar has no room for it (e.g. a week of holidays just ended). */
  private planForced(f: (typeof FORCED)[number]): Plan | null {
    const candidates = TEMPLATES.filter((t) =>
      f.kind === 'dispatch_wait'
        ? t.routeTo !== undefined && t.category !== null
        : !t.belongsTo && !t.routeTo && (f.unit ? t.unit === f.unit : t.category === f.category && !t.unit),
    );
    const tpl = this.rng.pick(candidates.length ? candidates : TEMPLATES.filter((t) => !t.belongsTo && !t.routeTo));
    const vars = this.vars();
    const submitter = f.who ? (this.dir.byUsername.get(f.who) as Person) : this.pickSubmitter(tpl);
    const input = this.input(tpl, vars);
    if (f.kind === 'dispatch_wait')
      return { at: this.to - this.rng.int(60, 20 * 60) * MIN, submitter, input, steps: [] };
    // Walk the submission back a day at a time until the whole plan lies in the past.
    for (let back = 2; back < 40; back++) {
      const S = this.at(localDate(this.cal, this.to - back * DAY), this.rng.int(8 * 60, 21 * 60));
      let steps: Step[] = [];
      let ok = true;
      switch (f.kind) {
        case 'ignored_open':
          ok = dueAt(this.cal, S, 3) + 3 * HOUR < this.to;
          break;
        case 'stuck_processing': {
          const A = this.officer(S, 0);
          steps = [{ at: A, who: 'officer', request: { action: 'accept' } }, this.note(A)];
          ok = dueAt(this.cal, S, 3) + 3 * HOUR < this.to;
          break;
        }
        case 'awaiting': {
          const A = this.officer(S, 0);
          const Q = this.officer(A, 0);
          steps = [
            { at: A, who: 'officer', request: { action: 'accept' } },
            { at: Q, who: 'officer', request: { action: 'request_info', question: this.rng.pick(PHRASES.question) } },
          ];
          break;
        }
        case 'resolved_wait': {
          const A = this.officer(S, 0);
          const R = this.officer(A, this.rng.int(0, 1));
          steps = [{ at: A, who: 'officer', request: { action: 'accept' } }, this.resolve(R, tpl, vars)];
          ok = R > this.to - 5 * DAY;
          break;
        }
      }
      if (ok && steps.every((s) => s.at < this.to - 10 * MIN)) return { at: S, submitter, input, steps };
    }
    return null;
  }

  private pickTemplate(): TicketTemplate {
    const groupOf = (t: TicketTemplate) =>
      t.belongsTo ? 'misrouted' : t.routeTo ? 'dispatch' : t.unit ? 'direct' : (t.category ?? 'direct');
    const sizes = new Map<string, number>();
    for (const t of TEMPLATES) sizes.set(groupOf(t), (sizes.get(groupOf(t)) ?? 0) + 1);
    const weights: Record<string, number> = {};
    TEMPLATES.forEach((t, i) => {
      const g = groupOf(t);
      weights[String(i)] = (CATEGORY_WEIGHTS[g] ?? 1) / (sizes.get(g) ?? 1);
    });
    return TEMPLATES[Number(this.rng.weighted(weights))] as TicketTemplate;
  }

  private pickSubmitter(tpl: TicketTemplate): Person {
    const student = this.dir.byUsername.get('student') as Person;
    const staff = this.dir.byUsername.get('staff') as Person;
    const wantStaff = tpl.who === 'staff' || (tpl.who === 'any' && this.rng.chance(0.3));
    if (wantStaff) return this.rng.chance(0.15) ? staff : this.rng.pick(this.dir.staff);
    return this.rng.chance(0.1) ? student : this.rng.pick(this.dir.students);
  }

  private vars(): Record<string, string> {
    return Object.fromEntries(Object.entries(POOLS).map(([k, v]) => [k, this.rng.pick(v)]));
  }

  private input(tpl: TicketTemplate, vars: Record<string, string>): SubmitTicketInput {
    return {
      categoryId: tpl.category ? (this.dir.categoryId.get(tpl.category) ?? null) : null,
      unitId: tpl.unit ? (this.dir.unitId.get(tpl.unit) ?? null) : null,
      title: fill(tpl.title, vars),
      body: fill(tpl.body, vars),
      place: tpl.place ? fill(tpl.place, vars) : null,
      anonymousToUnit: this.rng.chance(0.12),
      publishConsent: this.rng.chance(0.45),
    };
  }

  // Step builders -------------------------------------------------------------------------

  private accept(at: number): Step {
    return { at, who: 'officer', request: { action: 'accept' } };
  }

  private note(after: number, who: Who = 'officer'): Step {
    const text = this.rng.pick(who === 'co_officer' ? PHRASES.coNote : PHRASES.note);
    return { at: after + this.rng.int(5, 90) * MIN, who, request: { action: 'note', text } };
  }

  private resolve(at: number, tpl: TicketTemplate, vars: Record<string, string>): Step {
    return {
      at,
      who: 'officer',
      request: { action: 'resolve', outcome: 'resolved', text: fill(this.rng.pick(tpl.resolution), vars) },
    };
  }

  private rate(at: number, mood: 'good' | 'mid' | 'bad'): Step {
    const r = this.rng;
    const rating =
      mood === 'good'
        ? {
            attitude: r.chance(0.8) ? 5 : 4,
            quality: r.chance(0.7) ? 5 : 4,
            solved: true,
            comment: r.chance(0.5) ? r.pick(PHRASES.goodComment) : null,
          }
        : mood === 'mid'
          ? { attitude: r.int(3, 4), quality: 3, solved: r.chance(0.5), comment: null }
          : { attitude: r.int(1, 3), quality: r.int(1, 2), solved: false, comment: r.pick(PHRASES.badComment) };
    return { at, who: 'submitter', request: { action: 'rate', rating } };
  }

  /** The submitter's rating some hours after the answer: mostly good, sometimes lukewarm, sometimes none. */
  private maybeRate(after: number, pGood = 0.78, pMid = 0.1): Step[] {
    const x = this.rng.next();
    const at = this.person(after, 1, 90);
    if (x < pGood) {
      const steps = [this.rate(at, 'good')];
      if (this.rng.chance(0.05))
        steps.push({
          at: this.officer(at, this.rng.int(1, 3)),
          who: 'supervisor',
          request: { action: 'mark_excellent', excellent: true },
        });
      return steps;
    }
    if (x < pGood + pMid) return [this.rate(at, 'mid')];
    return [];
  }

  private urge(at: number, who: Who, days: number, message: string): Step {
    return { at, who, request: { action: 'urge', message, deadline: dueAt(this.cal, at, days) } };
  }

  private story(kind: StoryKind, S: number, tpl: TicketTemplate, vars: Record<string, string>): Step[] {
    const r = this.rng;
    const steps: Step[] = [];
    const unit = tpl.unit ?? DEMO_CATEGORIES.find((c) => c.code === tpl.category)?.defaultUnit ?? '';
    if (kind === 'explained' && !tpl.explanation) kind = 'quick';
    if (kind === 'escalated_leader' && !this.dir.leaderOf.has(unit)) kind = 'ignored';
    switch (kind) {
      case 'quick':
      case 'rated_bad':
      case 'unrated': {
        const A = this.officer(S, r.chance(0.75) ? 0 : 1);
        steps.push(this.accept(A));
        if (r.chance(0.25)) steps.push(this.note(A));
        const R = this.officer(steps.at(-1)?.at ?? A, r.pick([0, 0, 1, 1, 2]));
        steps.push(this.resolve(R, tpl, vars));
        if (kind === 'quick') steps.push(...this.maybeRate(R, 0.88, 0.12));
        if (kind === 'rated_bad') steps.push(this.rate(this.person(R, 2, 72), 'bad'));
        return steps;
      }
      case 'explained': {
        const A = this.officer(S, 0);
        const R = this.officer(A, r.int(0, 2));
        steps.push(this.accept(A), {
          at: R,
          who: 'officer',
          request: { action: 'resolve', outcome: 'explained', text: fill(tpl.explanation ?? '', vars) },
        });
        if (r.chance(0.6)) steps.push(this.rate(this.person(R, 2, 72), r.chance(0.7) ? 'mid' : 'good'));
        return steps;
      }
      case 'interim':
      case 'extension': {
        const A = this.officer(S, 0);
        const I = this.officer(A, r.int(0, 1));
        const k = kind === 'interim' ? r.int(4, 8) : 15;
        const promisedAt = this.at(addWorkingDays(this.cal, localDate(this.cal, I), k), 17 * 60);
        const reason = kind === 'interim' ? r.pick(PHRASES.interim) : PHRASES.longInterim;
        steps.push(this.accept(A), { at: I, who: 'officer', request: { action: 'reply_interim', reason, promisedAt } });
        if (kind === 'extension')
          steps.push({ at: this.officer(I, r.int(0, 1)), who: 'supervisor', request: { action: 'approve_extension' } });
        const R = this.officer(steps.at(-1)?.at ?? I, kind === 'interim' ? r.int(2, k - 2) : 12);
        steps.push(this.resolve(R, tpl, vars), ...this.maybeRate(R, 0.7, 0.2));
        return steps;
      }
      case 'info':
      case 'info_withdraw': {
        const A = this.officer(S, 0);
        const Q = this.officer(A, r.int(0, 1));
        steps.push(this.accept(A), {
          at: Q,
          who: 'officer',
          request: { action: 'request_info', question: r.pick(PHRASES.question) },
        });
        if (kind === 'info_withdraw') {
          steps.push({
            at: this.person(Q, 24, 96),
            who: 'submitter',
            request: { action: 'withdraw', reason: r.pick(PHRASES.withdraw) },
          });
          return steps;
        }
        const P = this.person(Q, 3, 40);
        const R = this.officer(P, r.int(0, 1));
        steps.push(
          { at: P, who: 'submitter', request: { action: 'provide_info', text: r.pick(PHRASES.answer) } },
          this.resolve(R, tpl, vars),
        );
        steps.push(...this.maybeRate(R));
        return steps;
      }
      case 'ignored': {
        // Nobody accepts: a reminder, then the escalation to the inspector (or, without one, on to the supervisors).
        const E1 = dueAt(this.cal, S, 3);
        const hasInspector = this.dir.inspectorOf.has(unit);
        const urgeAt = hasInspector
          ? this.officer(E1 + 2 * SWEEP_LAG, 0)
          : this.officer(dueAt(this.cal, E1, 2) + 2 * SWEEP_LAG, 0);
        steps.push(this.urge(urgeAt, hasInspector ? 'inspector' : 'supervisor', 2, PHRASES.urge[0]));
        const A = this.officer(urgeAt, 0);
        const R = this.officer(A, r.int(0, 1));
        steps.push(this.accept(A), this.resolve(R, tpl, vars), ...this.maybeRate(R, 0.5, 0.25));
        return steps;
      }
      case 'escalated_leader': {
        const E1 = dueAt(this.cal, S, 3);
        const U = this.officer(E1 + 2 * SWEEP_LAG, 0);
        const D = dueAt(this.cal, U, 1);
        const A = this.officer(U, 0);
        const X = this.officer(D + 2 * SWEEP_LAG, 0);
        const L = this.officer(X, r.int(0, 1));
        const R = this.officer(L, r.int(1, 2));
        steps.push(
          { at: U, who: 'inspector', request: { action: 'urge', message: PHRASES.urge[1], deadline: D } },
          this.accept(A),
          this.note(A),
          { at: X, who: 'supervisor', request: { action: 'escalate', reason: PHRASES.escalateToLeader } },
          { at: L, who: 'leader', request: { action: 'instruct', text: r.pick(PHRASES.instruct) } },
          this.resolve(R, tpl, vars),
          ...this.maybeRate(R, 0.5, 0.3),
        );
        return steps;
      }
      case 'reopen': {
        const A = this.officer(S, 0);
        const R = this.officer(A, r.int(0, 1));
        steps.push(this.accept(A), this.resolve(R, tpl, vars));
        let last = R;
        if (r.chance(0.6)) {
          const rated = this.rate(this.person(R, 2, 30), 'bad');
          steps.push(rated);
          last = rated.at;
        }
        const O = this.person(last, 1, 20);
        steps.push({ at: O, who: 'submitter', request: { action: 'reopen', reason: r.pick(PHRASES.reopen) } });
        const A2 = this.officer(O, 0);
        const R2 = this.officer(A2, r.int(0, 2));
        steps.push(this.accept(A2), this.resolve(R2, tpl, vars), ...this.maybeRate(R2, 0.6, 0.25));
        return steps;
      }
      case 'withdraw': {
        const reason = r.pick(PHRASES.withdraw);
        if (r.chance(0.7))
          return [{ at: this.person(S, 1, 12), who: 'submitter', request: { action: 'withdraw', reason } }];
        const A = this.officer(S, 0);
        return [
          this.accept(A),
          { at: this.person(A, 2, 30), who: 'submitter', request: { action: 'withdraw', reason } },
        ];
      }
      case 'urge_supervisor': {
        const A = this.officer(S, 0);
        const U = this.officer(A, 2);
        const R = this.officer(U, r.int(0, 1));
        steps.push(
          this.accept(A),
          this.note(A),
          this.urge(U, 'supervisor', 1, PHRASES.urgeFast),
          this.resolve(R, tpl, vars),
        );
        steps.push(...this.maybeRate(R));
        return steps;
      }
    }
  }

  /** Sent to the wrong unit: returned with a reason, reassigned by a supervisor, then handled. */
  private returned(S: number, tpl: TicketTemplate, vars: Record<string, string>): Step[] {
    const r = this.rng;
    const steps: Step[] = [];
    let O = this.officer(S, r.int(0, 1));
    if (r.chance(0.4)) {
      steps.push(this.accept(O));
      O = this.officer(O, 0);
    }
    const to = this.dir.unitId.get(tpl.belongsTo?.unit ?? '') as string;
    const V = this.officer(O, r.int(0, 1));
    const A = this.officer(V, 0);
    const R = this.officer(A, r.int(0, 2));
    steps.push(
      { at: O, who: 'officer', request: { action: 'return', reason: tpl.belongsTo?.reason ?? '' } },
      { at: V, who: 'supervisor', request: { action: 'reassign', unitId: to, reason: PHRASES.reassign } },
      this.accept(A),
      this.resolve(R, tpl, vars),
      ...this.maybeRate(R),
    );
    return steps;
  }

  /** No unit chosen: from the dispatch queue to a unit, or to a lead unit with co-handling units. */
  private dispatched(S: number, tpl: TicketTemplate, vars: Record<string, string>): Step[] {
    const r = this.rng;
    const lead = this.dir.unitId.get(tpl.routeTo?.unit ?? '') as string;
    const co = (tpl.routeTo?.co ?? []).map((c) => this.dir.unitId.get(c) as string);
    const V = this.officer(S, r.int(0, 1));
    const A = this.officer(V, 0);
    const steps: Step[] = [
      co.length
        ? { at: V, who: 'supervisor', request: { action: 'set_co_handlers', leadUnitId: lead, coUnitIds: co } }
        : { at: V, who: 'supervisor', request: { action: 'reassign', unitId: lead, reason: PHRASES.reassign } },
      this.accept(A),
    ];
    if (co.length) steps.push(this.note(A, 'co_officer'));
    const R = this.officer(steps.at(-1)?.at ?? A, r.int(1, 3));
    steps.push(this.resolve(R, tpl, vars), ...this.maybeRate(R));
    return steps;
  }
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
