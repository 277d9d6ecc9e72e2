/**
 * commander's Command speaking the CLI's language: the headings of --help (Usage:, Options: …),
 * the help and version options' descriptions, and commander's own errors (a missing argument,
 * an unknown option …). Command and option names stay English.
 */
import { Command, type ErrorOptions, type Help } from 'commander';
import { t, tMaybe } from './messages.ts';

/**
 * commander's error for `code`, said again in the CLI's language from the values its English
 * message names; a message of another shape (a newer commander) is kept as it is.
 */
export function localizeCommanderError(message: string, code: string | undefined, command: string): string {
  const [first = '', ...rest] = message.split('\n');
  const suggestion = /^\(Did you mean (.+)\?\)$/.exec(rest.join('\n').trim())?.[1];
  const quoted = /'([^']*)'/.exec(first)?.[1];
  let said: string | undefined;
  switch (code) {
    case 'commander.missingArgument':
    case 'commander.unknownCommand':
      if (quoted !== undefined) said = t(code, { name: quoted });
      break;
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
    case 'commander.unknownOption':
      if (quoted !== undefined) said = t(code, { option: quoted });
      break;
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(first);
      if (m) said = t(code, { command, expected: m[1], got: m[2] });
      break;
    }
  }
  if (said === undefined) return message;
  return suggestion ? `${said}\n${t('commander.didYouMean', { suggestion })}` : said;
}

/** Subcommands made by `.command()` are LocalizedCommands too, and inherit the root's help settings. */
export class LocalizedCommand extends Command {
  override createCommand(name?: string): Command {
    return new LocalizedCommand(name);
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(localizeCommanderError(message, errorOptions?.code, this.name()), errorOptions);
  }
}

/**
 * The root command, its help texts in the CLI's language; call before adding subcommands (they
 * copy these settings when created).
 */
export function localizedProgram(name: string, version: string): LocalizedCommand {
  const program = new LocalizedCommand(name);
  program
    .version(version, '-V, --version', t('program.version'))
    .helpOption('-h, --help', t('help.help'))
    .helpCommand('help [command]', t('help.help'))
    .configureHelp({ styleTitle: (title: string) => tMaybe(`help.title.${title}`) ?? title } satisfies Partial<Help>)
    .showHelpAfterError(t('program.helpAfterError'));
  return program;
}
