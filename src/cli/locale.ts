/**
 * The language of the `nonglintong` command, chosen from the environment as command-line tools
 * do: NONGLINTONG_LANG if set, else the first of LC_ALL, LC_MESSAGES, LANG that is set. A value
 * starting with "en" (en-US, en_US.UTF-8, en) is en-US; anything else — zh_CN.UTF-8, C, POSIX,
 * a language the CLI does not speak, or nothing at all — is zh-CN, the platform's default.
 */
import type { Locale } from '../http/messages.ts';

export const LOCALE_VARIABLES = ['NONGLINTONG_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  for (const name of LOCALE_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return /^en/i.test(value) ? 'en-US' : 'zh-CN';
  }
  return 'zh-CN';
}
