import type { Command } from 'commander';
import { calendarStatus, computeDue, loadStatutorySchedule, MAX_DUE_DAYS } from '../../app/admin/calendar.ts';
import { MIN_OFFICIAL_DAYS_OFF } from '../../app/calendar/statutory.ts';
import { type DemoAccounts, type DemoSeedReport, ensureDemoSeed, seedDemo } from '../../app/seed/demo.ts';
import { sweepDueTickets } from '../../app/tickets/sweep-due-tickets.ts';
import { loadConfig } from '../../config.ts';
import { formatInstant } from '../../domain/calendar/working-days.ts';
import { CliError } from '../errors.ts';
import { stateName, t } from '../messages.ts';
import {
  checkPortFree,
  checkUploadDir,
  databaseFailure,
  describeDatabase,
  FROM_YEARS,
  listenFailure,
  openDeps,
  out,
  parseInstant,
  parseWholeDays,
  readTextFile,
  warn,
  withDeps,
} from '../support.ts';

export function printAccounts(accounts: DemoAccounts): void {
  const width = Math.max(...accounts.map((a) => a.username.length), 8);
  out(t('seed.accounts'));
  for (const a of accounts) out(`  ${a.username.padEnd(width)}  ${a.password}  ${a.roles.join(', ')}`);
}

function printSeedReport(r: DemoSeedReport, fmt: (t: number) => string): void {
  out(t('seed.summary', { units: r.units, categories: r.categories, users: r.users, tickets: r.tickets }));
  out(t('seed.period', { from: fmt(r.from), to: fmt(r.to) }));
  const states = Object.entries(r.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => t('seed.stateCount', { state: stateName(s), count: n }))
    .join(t('import.listSeparator'));
  out(t('seed.byState', { states, escalated: r.escalated }));
  if (r.refused.length) warn(t('seed.refused', { count: r.refused.length }));
  printAccounts(r.accounts);
}

export function registerOperationCommands(program: Command): void {
  program
    .command('serve')
    .description(t('help.serve'))
    .action(async () => {
      const config = loadConfig();
      await checkPortFree(config.host, config.port);
      await checkUploadDir(config.uploadDir);
      if (config.seedDemo) {
        const deps = await openDeps(config);
        try {
          const accounts = await ensureDemoSeed(deps);
          if (accounts) {
            out(t('serve.firstStart'));
            printAccounts(accounts);
          }
        } finally {
          await deps.db.close();
        }
      }
      // Loaded only here: the other commands need neither the HTTP stack nor its start-up time.
      const { startServer } = await import('../../http/server.ts');
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(config);
      } catch (e) {
        const expected = listenFailure(e, config.host, config.port) ?? databaseFailure(e, config);
        if (!expected) throw e;
        // What startServer opened before failing (the database pool, the search worker) would
        // keep the process alive: say why and leave.
        warn(t('error.line', { message: expected.message }));
        process.exit(1);
      }
      const coverage = server.calendar;
      if (coverage.warn) {
        const message = t('serve.calendarRunningOut', {
          year: coverage.knownUntilYear,
          days: coverage.daysLeft,
          next: coverage.knownUntilYear + 1,
        });
        warn(t('warning.line', { message }));
      }
      // startServer stops cleanly on SIGINT and SIGTERM by itself.
      out(t('serve.listening', { url: server.url }));
    });

  program
    .command('migrate')
    .description(t('help.migrate'))
    .action(async () => {
      await withDeps(async (_deps, config) => {
        out(t('migrate.done', { database: describeDatabase(config) }));
      });
    });

  program
    .command('seed')
    .description(t('help.seed'))
    .option('--force', t('help.seed.force'))
    .action(async (o: { force?: boolean }) => {
      await withDeps(async (deps) => {
        const report = await seedDemo(deps, { force: !!o.force });
        const cal = await deps.calendar.get();
        printSeedReport(report, (t) => formatInstant(cal, t));
      });
    });

  program
    .command('sweep')
    .description(t('help.sweep'))
    .option('--now <instant>', t('help.sweep.now'))
    .option('--dry-run', t('help.sweep.dryRun'))
    .option('--future', t('help.sweep.future'))
    .action(async (o: { now?: string; dryRun?: boolean; future?: boolean }) => {
      const now = o.now === undefined ? undefined : parseInstant(o.now, '--now');
      await withDeps(async (deps) => {
        const at = now ?? deps.clock.now();
        // A sweep "in the future" on a live database writes events dated then, for good: only
        // as a dry run, or when asked for (a test or training database). A minute of slack for
        // clocks a little apart.
        if (o.now !== undefined && at > deps.clock.now() + 60_000 && !o.dryRun && !o.future) {
          throw new CliError(t('sweep.futureNow', { value: o.now }));
        }
        const r = await sweepDueTickets(deps, { now: at, dryRun: !!o.dryRun });
        const cal = await deps.calendar.get();
        out(t('sweep.header', { at: formatInstant(cal, at) }) + (r.dryRun ? t('sweep.dryRun') : ''));
        out(t('sweep.examined', { count: r.examined }));
        out(t('sweep.reminded', { count: r.reminded }));
        out(t('sweep.escalated', { count: r.escalated }));
        out(t('sweep.autoClosed', { count: r.autoClosed }));
        if (r.conflicts) out(t('sweep.conflicts', { count: r.conflicts }));
      });
    });

  const calendar = program.command('calendar').description(t('help.calendar'));

  calendar
    .command('due')
    .description(t('help.calendar.due'))
    .requiredOption('--from <instant>', t('help.calendar.due.from'))
    .requiredOption('--days <n>', t('help.calendar.due.days', { max: MAX_DUE_DAYS }))
    .action(async (o: { from: string; days: string }) => {
      const from = parseInstant(o.from, '--from', FROM_YEARS);
      const days = parseWholeDays(o.days, '--days', MAX_DUE_DAYS);
      await withDeps(async (deps) => {
        const { iso } = await computeDue(deps, from, days);
        out(iso);
      });
    });

  calendar
    .command('load')
    .description(t('help.calendar.load'))
    .argument('<file>', t('help.calendar.load.file'))
    .option('--force', t('help.calendar.load.force'))
    .action(async (file: string, o: { force?: boolean }) => {
      const text = await readTextFile(file);
      await withDeps(async (deps) => {
        const r = await loadStatutorySchedule(deps, text, { replaceIncomplete: o.force === true });
        out(t('calendar.loaded', { days: r.days, years: r.years.join(t('import.listSeparator')) }));
        for (const y of r.incompleteYears) {
          warn(t('calendar.partialYear', { year: y, min: MIN_OFFICIAL_DAYS_OFF }));
        }
      });
    });

  calendar
    .command('status')
    .description(t('help.calendar.status'))
    .action(async () => {
      await withDeps(async (deps) => {
        const s = await calendarStatus(deps);
        out(t('calendar.timeZone', { zone: s.timeZone, today: s.today }));
        out(t('calendar.knownThrough', { year: s.knownUntilYear, days: s.daysLeft }));
        if (s.warn) {
          out(
            s.daysLeft < 0
              ? t('calendar.ranOut', { year: s.knownUntilYear })
              : t('calendar.loadSoon', { year: s.knownUntilYear + 1 }),
          );
        }
      });
    });
}
