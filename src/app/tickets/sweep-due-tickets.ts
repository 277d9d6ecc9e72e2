import { SYSTEM } from '../../domain/actor.ts';
import { sweepCommands } from '../../domain/escalation/sweep.ts';
import type { TicketCommand } from '../../domain/ticket/commands.ts';
import { materialize } from '../../domain/ticket/apply.ts';
import { decide } from '../../domain/ticket/decide.ts';
import type { TicketEvent } from '../../domain/ticket/events.ts';
import type { Ticket } from '../../domain/ticket/types.ts';
import { type AppDeps, decideContext } from '../context.ts';

/**
 * Tickets claimed per transaction, per engine. An escalation dirties ~2.4 pages: its row, the
 * page of the timelines' (ticket, seq) index its event lands on, and shares of the rest.
 *
 * SQLite: every COMMIT is an fsync of the WAL, 50-150 ms on the shared test VM, so fewer are
 * faster (10,000 escalations: 0.4 s less in COMMIT as two batches of 5,000 than as five of
 * 2,000). SQLite has one writer, though: the process's other writes (submissions) wait for
 * a batch, and one of 5,000 takes 0.5-1.5 s on that VM.
 *
 * PostgreSQL: commits are cheap (the WAL is written as the batch goes), but a batch's pages
 * should stay in shared_buffers (128 MB by default) until it has written them; 2,000 measured
 * better than 1,000 or 5,000.
 */
const BATCH_SIZE = { sqlite: 5000, postgres: 2000 } as const;

/**
 * Batches in flight at once, per engine. On PostgreSQL a second batch, on a second
 * connection, claims the next due rows (SKIP LOCKED passes over the first batch's) while the
 * first one's writes run: the server's work and this process's decisions overlap instead of
 * taking turns. SQLite has one writer: one batch at a time.
 */
const LANES = { sqlite: 1, postgres: 2 } as const;

function count(report: SweepReport, kinds: TicketCommand['action'][]) {
  for (const k of kinds) {
    if (k === 'remind') report.reminded++;
    else if (k === 'escalate') report.escalated++;
    else if (k === 'auto_close') report.autoClosed++;
  }
}

export interface SweepReport {
  examined: number;
  reminded: number;
  escalated: number;
  autoClosed: number;
  /** Tickets another instance changed between claim and write (left to it). */
  conflicts: number;
  dryRun: boolean;
}

/**
 * One sweep at `now`: records reminders for tickets not accepted in time, escalates each due
 * ticket one level, closes resolved tickets left unrated. Works in batches, each one
 * transaction; on PostgreSQL the claimed rows are locked with SKIP LOCKED, so two instances
 * (or two batches of one sweep, see LANES) never act on the same ticket, and the version
 * guard makes every write happen once.
 */
export async function sweepDueTickets(
  deps: AppDeps,
  opts: { now?: number; dryRun?: boolean; batchSize?: number; maxBatches?: number; lanes?: number } = {},
): Promise<SweepReport> {
  const now = opts.now ?? deps.clock.now();
  const batchSize = opts.batchSize ?? BATCH_SIZE[deps.db.dialect];
  const ctx = await decideContext(deps, now);
  const report: SweepReport = {
    examined: 0,
    reminded: 0,
    escalated: 0,
    autoClosed: 0,
    conflicts: 0,
    dryRun: !!opts.dryRun,
  };
  const seen = new Set<string>();
  let batches = 0;
  const maxBatches = opts.maxBatches ?? 10_000;
  /** One batch in its own transaction; true when nothing more is due for this sweep. */
  const runBatch = () =>
    deps.db.transaction(async (s) => {
      const claimed = await s.tickets.claimDue(now, batchSize);
      const due = claimed.filter((t) => !seen.has(t.id));
      const work: {
        ticket: Ticket;
        expectedVersion: number;
        events: TicketEvent[];
        kinds: TicketCommand['action'][];
      }[] = [];
      for (const t of due) {
        seen.add(t.id);
        report.examined++;
        let current = t;
        const events: TicketEvent[] = [];
        const kinds: TicketCommand['action'][] = [];
        for (const cmd of sweepCommands(t, now)) {
          const decided = decide(current, cmd, SYSTEM, ctx);
          if (!decided.ok) continue;
          const m = materialize(current, t.id, decided.value, now, () => deps.ids.next());
          current = m.ticket;
          events.push(...m.events);
          kinds.push(cmd.action);
        }
        if (events.length > 0) work.push({ ticket: current, expectedVersion: t.version, events, kinds });
      }
      if (!opts.dryRun && work.length > 0) {
        const written = new Set(await s.tickets.updateMany(work));
        report.conflicts += work.length - written.size;
        const done = work.filter((w) => written.has(w.ticket.id));
        await s.events.append(done.flatMap((w) => w.events));
        for (const w of done) count(report, w.kinds);
      } else if (opts.dryRun) {
        for (const w of work) count(report, w.kinds);
      }
      // A full batch of rows already seen means the rest are for another pass (or instance).
      return claimed.length < batchSize || due.length === 0;
    });
  // A dry run locks nothing it could skip past, so it walks the due rows in one lane.
  const lanes = opts.dryRun ? 1 : (opts.lanes ?? LANES[deps.db.dialect]);
  let finished = false;
  const lane = async () => {
    while (!finished && batches < maxBatches) {
      batches++;
      if (await runBatch()) finished = true;
    }
  };
  await deps.db.bulk(() => Promise.all(Array.from({ length: lanes }, lane)));
  return report;
}
