import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createUser, resetPassword, USER_KINDS } from '../../app/admin/directory.ts';
import type { ImportResult } from '../../app/import/csv.ts';
import { importUnits } from '../../app/import/import-units.ts';
import { importUsers, parseRoles, unitCodeIndex } from '../../app/import/import-users.ts';
import { generatePassword } from '../../app/seed/random.ts';
import { CliError, rowProblem } from '../errors.ts';
import { type MessageKey, t } from '../messages.ts';
import { out, progressBar, withDeps } from '../support.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description(t('help.user'));

  user
    .command('add')
    .description(t('help.user.add'))
    .argument('<username>', t('help.user.add.username'))
    .requiredOption('--name <display>', t('help.user.add.name'))
    .option('--password <pw>', t('help.user.password'))
    .option('--role <role>', t('help.user.add.role'), collect, [])
    .option('--email <address>', t('help.user.add.email'))
    .option('--phone <number>', t('help.user.add.phone'))
    .option('--kind <kind>', t('help.user.add.kind'))
    .action(
      async (
        username: string,
        o: { name: string; password?: string; role: string[]; email?: string; phone?: string; kind?: string },
      ) => {
        if (o.kind !== undefined && !(USER_KINDS as readonly string[]).includes(o.kind)) {
          throw new CliError(t('user.kindInvalid', { value: o.kind }));
        }
        await withDeps(async (deps) => {
          const grants = parseRoles(o.role.join(';'), unitCodeIndex(await deps.db.stores.units.list(true)));
          const generated = o.password === undefined;
          const password = o.password ?? generatePassword();
          const created = await createUser(deps, {
            username,
            displayName: o.name,
            email: o.email ?? null,
            phone: o.phone ?? null,
            // Left out, the directory's default applies (student), as for the API and the import.
            ...(o.kind !== undefined ? { kind: o.kind } : {}),
            password,
            grants,
          });
          const said = { username: created.username, name: created.displayName, kind: kindName(created.kind) };
          out(
            o.role.length
              ? t('user.createdWithRoles', { ...said, roles: o.role.join(t('import.listSeparator')) })
              : t('user.created', said),
          );
          if (generated) out(t('user.password', { password }));
        });
      },
    );

  user
    .command('reset-password')
    .description(t('help.user.resetPassword'))
    .argument('<username>', t('help.user.resetPassword.username'))
    .option('--password <pw>', t('help.user.password'))
    .action(async (username: string, o: { password?: string }) => {
      await withDeps(async (deps) => {
        const password = o.password ?? generatePassword();
        const u = await resetPassword(deps, username, password);
        out(t('user.passwordChanged', { username: u.username, name: u.displayName }));
        if (o.password === undefined) out(t('user.newPassword', { password }));
      });
    });
}

/** A user's kind as people read it (student → 学生 in zh-CN). */
function kindName(kind: string): string {
  return kind === 'student' || kind === 'staff' ? t(`user.kind.${kind}`) : kind;
}

/** How many "already present" rows are named before "and N more". */
const EXISTING_SHOWN = 5;

/**
 * The summary first, then the rows that name what already exists as one line (a re-run of the
 * same file is not a list of 2,000 errors), then one line per real error.
 */
function report(summary: MessageKey, result: ImportResult): void {
  if (result.encoding === 'gb18030') out(t('import.readAsGb18030'));
  const existingRows = new Set(result.existing.map((e) => e.row));
  const errors = result.rejected.filter((r) => !existingRows.has(r.row));
  out(
    t(summary, {
      imported: result.imported,
      existing: result.existing.length,
      rejected: errors.length,
      total: result.total,
    }),
  );
  if (result.existing.length) {
    const shown = result.existing
      .slice(0, EXISTING_SHOWN)
      .map((e) => t('import.existingItem', { key: e.key, row: e.row }));
    const more = result.existing.length - shown.length;
    const items = shown.join(t('import.listSeparator'));
    out(more > 0 ? t('import.existingMore', { items, more }) : t('import.existing', { items }));
  }
  if (errors.length) out(t('import.rejectedHeader'));
  for (const r of errors) {
    const line = { row: r.row, message: rowProblem(r), code: r.code, field: r.field ?? undefined };
    out(r.field ? t('import.rejectedRowField', line) : t('import.rejectedRow', line));
  }
  // The good rows are in; a non-zero status still tells a script that some were not.
  // Rows already present are not errors: importing the same file again succeeds.
  if (errors.length) process.exitCode = 1;
}

export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description(t('help.import'));

  imp
    .command('units')
    .description(t('help.import.units'))
    .argument('<file>', t('help.import.file'))
    .action(async (file: string) => {
      const bytes = await readFile(file);
      await withDeps(async (deps) => {
        const bar = progressBar(t('import.progressUnits'));
        let result: ImportResult;
        try {
          result = await importUnits(deps, bytes, bar.update);
        } finally {
          bar.stop();
        }
        report('import.summaryUnits', result);
      });
    });

  imp
    .command('users')
    .description(t('help.import.users'))
    .argument('<file>', t('help.import.file'))
    .action(async (file: string) => {
      const bytes = await readFile(file);
      await withDeps(async (deps) => {
        const bar = progressBar(t('import.progressUsers'));
        let result: ImportResult;
        try {
          result = await importUsers(deps, bytes, bar.update);
        } finally {
          bar.stop();
        }
        report('import.summaryUsers', result);
      });
    });
}
