import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createUser, resetPassword, USER_KINDS } from '../../app/admin/directory.ts';
import type { ImportResult } from '../../app/import/csv.ts';
import { importUnits } from '../../app/import/import-units.ts';
import { importUsers, parseRoles, unitCodeIndex } from '../../app/import/import-users.ts';
import { generatePassword } from '../../app/seed/random.ts';
import { CliError } from '../errors.ts';
import { out, progressBar, withDeps } from '../support.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage local accounts');

  user
    .command('add')
    .description('create a user with a local password and roles')
    .argument('<username>', 'sign-in name: 2–64 letters, digits or . _ @ -')
    .requiredOption('--name <display>', 'display name, e.g. 张三')
    .option('--password <pw>', 'at least 8 characters; omit it to have one generated and printed once')
    .option(
      '--role <role>',
      'officer:<unit code>, inspector:<unit code>, leader:<unit code>, supervisor or admin (repeatable)',
      collect,
      [],
    )
    .option('--email <address>', 'e-mail address')
    .option('--phone <number>', 'phone number')
    .option('--kind <kind>', `${USER_KINDS.join(' or ')} (default: student, as in the API and the import)`)
    .action(
      async (
        username: string,
        o: { name: string; password?: string; role: string[]; email?: string; phone?: string; kind?: string },
      ) => {
        if (o.kind !== undefined && !(USER_KINDS as readonly string[]).includes(o.kind)) {
          throw new CliError(`--kind must be ${USER_KINDS.join(' or ')} (got "${o.kind}").`);
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
          out(
            `Created user ${created.username} (${created.displayName}, ${created.kind})${o.role.length ? ` with roles ${o.role.join(', ')}` : ''}.`,
          );
          if (generated) out(`Password (shown only now): ${password}`);
        });
      },
    );

  user
    .command('reset-password')
    .description("set a user's local password")
    .argument('<username>')
    .option('--password <pw>', 'at least 8 characters; omit it to have one generated and printed once')
    .action(async (username: string, o: { password?: string }) => {
      await withDeps(async (deps) => {
        const password = o.password ?? generatePassword();
        const u = await resetPassword(deps, username, password);
        out(
          `Password of ${u.username} (${u.displayName}) changed; their sign-in sessions were ended (API tokens stay until revoked).`,
        );
        if (o.password === undefined) out(`New password (shown only now): ${password}`);
      });
    });
}

/** How many "already present" rows are named before "and N more". */
const EXISTING_SHOWN = 5;

/**
 * The summary first, then the rows that name what already exists as one line (a re-run of the
 * same file is not a list of 2,000 errors), then one line per real error.
 */
function report(kind: string, result: ImportResult): void {
  if (result.encoding === 'gb18030') out('The file is not UTF-8: read as GB18030 (GBK) text.');
  const existingRows = new Set(result.existing.map((e) => e.row));
  const errors = result.rejected.filter((r) => !existingRows.has(r.row));
  out(
    `${kind}: ${result.imported} imported, ${result.existing.length} already present, ${errors.length} rejected (${result.total} row(s) in the file).`,
  );
  if (result.existing.length) {
    const shown = result.existing.slice(0, EXISTING_SHOWN).map((e) => `${e.key} (row ${e.row})`);
    const more = result.existing.length - shown.length;
    out(`Already present, left unchanged: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
  }
  if (errors.length) out('Rejected rows:');
  for (const r of errors) {
    out(`  row ${r.row}: ${r.message} [${r.code}${r.field ? `, ${r.field}` : ''}]`);
  }
  // The good rows are in; a non-zero status still tells a script that some were not.
  // Rows already present are not errors: importing the same file again succeeds.
  if (errors.length) process.exitCode = 1;
}

export function registerImportCommands(program: Command): void {
  const imp = program
    .command('import')
    .description(
      'import the directory from CSV files (header row; UTF-8, UTF-16 or GBK/GB18030); good rows are imported, rows already present left unchanged, bad rows reported; exit status 1 if any row was rejected',
    );

  imp
    .command('units')
    .description('import units; header: code,name_zh,name_en,kind (kind: department, college or other)')
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const bytes = await readFile(file);
      await withDeps(async (deps) => {
        const bar = progressBar('Importing units');
        let result: ImportResult;
        try {
          result = await importUnits(deps, bytes, bar.update);
        } finally {
          bar.stop();
        }
        report('Units', result);
      });
    });

  imp
    .command('users')
    .description(
      'import users; header: username,display_name,email,phone,kind,roles,password — roles like officer:JWC;inspector:JWC;supervisor, a blank password means sign-in through SSO only',
    )
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const bytes = await readFile(file);
      await withDeps(async (deps) => {
        const bar = progressBar('Importing users');
        let result: ImportResult;
        try {
          result = await importUsers(deps, bytes, bar.update);
        } finally {
          bar.stop();
        }
        report('Users', result);
      });
    });
}
