/**
 * The `nonglintong` command. Every command reads its configuration from the environment
 * (see src/config.ts), speaks zh-CN or en-US as the environment says (src/cli/locale.ts),
 * prints expected failures as one clear sentence on stderr and exits with status 1; only a bug
 * prints a stack trace.
 */
import type { Command } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { registerImportCommands, registerUserCommands } from './commands/directory.ts';
import { registerOperationCommands } from './commands/operations.ts';
import { describeError } from './errors.ts';
import { localizedProgram } from './localized-command.ts';
import { t } from './messages.ts';

export function buildProgram(): Command {
  const program = localizedProgram('nonglintong', pkg.version)
    .description(t('program.description'))
    .addHelpText('after', t('program.helpFooter'));
  registerOperationCommands(program);
  registerUserCommands(program);
  registerImportCommands(program);
  return program;
}

/**
 * A reader that stops early (`nonglintong import users big.csv | head -3`) closes the pipe:
 * that is not a failure, so the rest of the output is dropped quietly and the command finishes
 * as it would have (the database is still closed properly).
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  ignoreClosedPipe(process.stdout);
  ignoreClosedPipe(process.stderr);
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    const { message, expected } = describeError(e);
    process.stderr.write(`${t('error.line', { message })}\n`);
    if (!expected && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  }
}

await main();
