import type { Command } from 'commander';
import { calendarStatus, computeDue, loadStatutorySchedule, MAX_DUE_DAYS } from '../../app/admin/calendar.ts';
import { MIN_OFFICIAL_DAYS_OFF } from '../../app/calendar/statutory.ts';
import { type DemoAccounts, type DemoSeedReport, ensureDemoSeed, seedDemo } from '../../app/seed/demo.ts';
import { sweepDueTickets } from '../../app/tickets/sweep-due-tickets.ts';
import { loadConfig } from '../../config.ts';
import { formatInstant } from '../../domain/calendar/working-days.ts';
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
  parseWhole,
  readTextFile,
  warn,
  withDeps,
} from '../support.ts';

export function printAccounts(accounts: DemoAccounts): void {
  const width = Math.max(...accounts.map((a) => a.username.length), 8);
  out('Demo sign-ins (the passwords are shown only now; write down the ones you need):');
  for (const a of accounts) out(`  ${a.username.padEnd(width)}  ${a.password}  ${a.roles.join(', ')}`);
}

function printSeedReport(r: DemoSeedReport, fmt: (t: number) => string): void {
  out(
    `Seeded the demo university 东湖农林大学: ${r.units} units, ${r.categories} categories, ${r.users} users, ${r.tickets} requests`,
  );
  out(`from ${fmt(r.from)} to ${fmt(r.to)}.`);
  const states = Object.entries(r.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
  out(`Requests by state: ${states}; escalated at least once: ${r.escalated}.`);
  if (r.refused.length) warn(`Note: ${r.refused.length} planned action(s) were refused by the rules and skipped.`);
  printAccounts(r.accounts);
}

export function registerOperationCommands(program: Command): void {
  program
    .command('serve')
    .description(
      'start the web server (and its background jobs); on the first start of an empty database, seed the demo university (SEED_DEMO=false to skip)',
    )
    .action(async () => {
      const config = loadConfig();
      await checkPortFree(config.host, config.port);
      await checkUploadDir(config.uploadDir);
      if (config.seedDemo) {
        const deps = await openDeps(config);
        try {
          const accounts = await ensureDemoSeed(deps);
          if (accounts) {
            out(
              'First start on an empty database: seeded the demo university 东湖农林大学 (SEED_DEMO=false skips this).',
            );
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
        warn(`Error: ${expected.message}`);
        process.exit(1);
      }
      // startServer stops cleanly on SIGINT and SIGTERM by itself.
      out(`Nonglintong is listening on ${server.url}`);
    });

  program
    .command('migrate')
    .description('create or upgrade the database schema (every command also does this on start)')
    .action(async () => {
      await withDeps(async (_deps, config) => {
        out(`Database is up to date: ${describeDatabase(config)}`);
      });
    });

  program
    .command('seed')
    .description('seed the demo university (units, categories, one account per role, ~200 requests over six months)')
    .option(
      '--force',
      'seed even though the database has users (e.g. an admin made with `user add`), provided it has no units yet; a database with units is never touched, and demo usernames already taken get a -demo suffix',
    )
    .action(async (o: { force?: boolean }) => {
      await withDeps(async (deps) => {
        const report = await seedDemo(deps, { force: !!o.force });
        const cal = await deps.calendar.get();
        printSeedReport(report, (t) => formatInstant(cal, t));
      });
    });

  program
    .command('sweep')
    .description('run one escalation sweep: reminders, escalations and automatic closures due now')
    .option('--now <instant>', 'sweep as of this ISO instant, e.g. 2025-10-11T00:00:00+08:00 (default: now)')
    .option('--dry-run', 'report what would happen without writing anything')
    .action(async (o: { now?: string; dryRun?: boolean }) => {
      const now = o.now === undefined ? undefined : parseInstant(o.now, '--now');
      await withDeps(async (deps) => {
        const at = now ?? deps.clock.now();
        const r = await sweepDueTickets(deps, { now: at, dryRun: !!o.dryRun });
        const cal = await deps.calendar.get();
        out(`Sweep at ${formatInstant(cal, at)}${r.dryRun ? ' (dry run: nothing written)' : ''}`);
        out(`  examined:    ${r.examined}`);
        out(`  reminded:    ${r.reminded}`);
        out(`  escalated:   ${r.escalated}`);
        out(`  auto-closed: ${r.autoClosed}`);
        if (r.conflicts) out(`  left to another instance: ${r.conflicts}`);
      });
    });

  const calendar = program.command('calendar').description('the working-day calendar');

  calendar
    .command('due')
    .description('print the deadline of a limit of N working days from an instant (ISO 8601 with offset)')
    .requiredOption('--from <instant>', 'start instant, e.g. 2025-09-30T10:00:00+08:00')
    .requiredOption('--days <n>', `working days, 0 to ${MAX_DUE_DAYS} (the starting day is not counted)`)
    .action(async (o: { from: string; days: string }) => {
      const from = parseInstant(o.from, '--from', FROM_YEARS);
      const days = parseWhole(o.days, '--days', `of working days from 0 to ${MAX_DUE_DAYS}`);
      await withDeps(async (deps) => {
        const { iso } = await computeDue(deps, from, days);
        out(iso);
      });
    });

  calendar
    .command('load')
    .description(
      "load a year's official schedule of days off and adjusted working days (replaces what was loaded for those years)",
    )
    .argument('<file>', 'text lines "2027-01-01..2027-01-03 off 元旦" or CSV "date,kind,note"; # starts a comment')
    .option(
      '--force',
      'replace a year that is complete now even though the file leaves it incomplete (too few days off)',
    )
    .action(async (file: string, o: { force?: boolean }) => {
      const text = await readTextFile(file);
      await withDeps(async (deps) => {
        const r = await loadStatutorySchedule(deps, text, { replaceIncomplete: o.force === true });
        out(`Loaded ${r.days} day(s) for ${r.years.join(', ')}.`);
        for (const y of r.incompleteYears) {
          warn(
            `${y} lists fewer than ${MIN_OFFICIAL_DAYS_OFF} days off: it looks partial, and the calendar keeps warning until the whole year's official schedule is loaded.`,
          );
        }
      });
    });

  calendar
    .command('status')
    .description('how far the official schedule reaches, and whether next year must be loaded')
    .action(async () => {
      await withDeps(async (deps) => {
        const s = await calendarStatus(deps);
        out(`Time zone: ${s.timeZone} (today ${s.today})`);
        out(`Official schedule known through ${s.knownUntilYear} (${s.daysLeft} day(s) left).`);
        if (s.warn) {
          out(
            s.daysLeft < 0
              ? `Warning: the schedule has run out; after ${s.knownUntilYear} only weekends count as days off. Load the next year with \`calendar load <file>\`.`
              : `Warning: load the ${s.knownUntilYear + 1} schedule soon with \`calendar load <file>\`.`,
          );
        }
      });
    });
}
