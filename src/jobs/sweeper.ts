import { purgeUnattachedPhotos } from '../app/attachments/purge-uploads.ts';
import type { AppDeps } from '../app/context.ts';
import { type SweepReport, sweepDueTickets } from '../app/tickets/sweep-due-tickets.ts';

/**
 * Runs the sweep every `intervalMs` inside `serve` (never when 0), and about once an hour,
 * whatever the interval, removes photos uploaded but never attached to a ticket for a day. Safe with several instances on one
 * PostgreSQL: claimed rows are locked with SKIP LOCKED and every write is version-guarded.
 * Never overlaps itself; a failed run is logged and retried at the next tick.
 */
const PURGE_EVERY_MS = 3_600_000;

export function startSweeper(
  deps: AppDeps,
  intervalMs: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
): { stop(): Promise<void> } {
  let running: Promise<SweepReport | undefined> | null = null;
  let lastPurge = Number.NEGATIVE_INFINITY;
  const purgeIfDue = async () => {
    const now = deps.clock.now();
    if (now - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now;
    const removed = await purgeUnattachedPhotos(deps, now);
    if (removed > 0) log.info({ removed }, 'removed photos never attached to a request');
  };
  // SWEEP_INTERVAL_SECONDS=0 turns the sweep off (a cron job may run `nonglintong sweep`
  // instead), not the clean-up of photos, which only serve does: it then runs on its own.
  const sweepOn = intervalMs > 0;
  const tick = () => {
    if (running) return;
    running = (sweepOn ? sweepDueTickets(deps) : Promise.resolve(undefined))
      .then(async (r) => {
        if (r && (r.reminded || r.escalated || r.autoClosed)) log.info({ sweep: r }, 'sweep');
        await purgeIfDue().catch((err: unknown) => log.error({ err }, 'photo clean-up failed'));
        return r;
      })
      .catch((err: unknown) => {
        log.error({ err }, 'sweep failed');
        return undefined;
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, sweepOn ? intervalMs : PURGE_EVERY_MS);
  timer.unref();
  const first = setTimeout(tick, 1000);
  first.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
