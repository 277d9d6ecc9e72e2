import type { AppDeps } from '../app/context.ts';
import { type SweepReport, sweepDueTickets } from '../app/tickets/sweep-due-tickets.ts';

/**
 * Runs the sweep every `intervalMs` inside `serve`. Safe with several instances on one
 * PostgreSQL: claimed rows are locked with SKIP LOCKED and every write is version-guarded.
 * Never overlaps itself; a failed run is logged and retried at the next tick.
 */
export function startSweeper(
  deps: AppDeps,
  intervalMs: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
): { stop(): Promise<void> } {
  let running: Promise<SweepReport | undefined> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepDueTickets(deps)
      .then((r) => {
        if (r.reminded || r.escalated || r.autoClosed) log.info({ sweep: r }, 'sweep');
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
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
  timer?.unref();
  if (intervalMs > 0) setTimeout(tick, 1000).unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
