import { describe, expect, it } from 'vitest';
import { localeFromEnv } from './locale.ts';
import { localizeCommanderError } from './localized-command.ts';
import { CLI_MESSAGES, setCliLocale, t } from './messages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the CLI catalogues', () => {
  const zh = CLI_MESSAGES['zh-CN'];
  const en = CLI_MESSAGES['en-US'];

  it('have the same keys, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('have the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fill placeholders, leaving those without a value (cli-progress fills {bar})', () => {
    setCliLocale('en-US');
    expect(t('serve.listening', { url: 'http://127.0.0.1:3000' })).toBe(
      'Nonglintong is listening on http://127.0.0.1:3000',
    );
    expect(t('import.progressFormat', { label: 'Importing units' })).toBe(
      'Importing units [{bar}] {value}/{total} rows',
    );
    setCliLocale('zh-CN');
    expect(t('serve.listening', { url: 'http://127.0.0.1:3000' })).toBe('农林通已在 http://127.0.0.1:3000 上运行');
  });
});

describe('localeFromEnv', () => {
  it('is zh-CN with nothing set, and for C, POSIX and languages the CLI does not speak', () => {
    expect(localeFromEnv({})).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'C' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'POSIX', LC_ALL: '' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'fr_FR.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
  });

  it('is en-US for a value starting with en', () => {
    expect(localeFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en-US');
    expect(localeFromEnv({ LANG: 'en' })).toBe('en-US');
    expect(localeFromEnv({ LC_ALL: 'en_GB.UTF-8' })).toBe('en-US');
    expect(localeFromEnv({ NONGLINTONG_LANG: 'en-US' })).toBe('en-US');
    // Esperanto is not English: an unknown language is the default.
    expect(localeFromEnv({ LANG: 'eo' })).toBe('zh-CN');
  });

  it('takes NONGLINTONG_LANG first, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(localeFromEnv({ NONGLINTONG_LANG: 'zh-CN', LC_ALL: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ NONGLINTONG_LANG: 'en-US', LANG: 'zh_CN.UTF-8' })).toBe('en-US');
    expect(localeFromEnv({ LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LC_MESSAGES: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en-US');
    expect(localeFromEnv({ NONGLINTONG_LANG: '', LANG: 'en_US.UTF-8' })).toBe('en-US');
  });
});

describe("commander's errors in the CLI's language", () => {
  it('says them again from the values of the English message, with the suggestion', () => {
    setCliLocale('zh-CN');
    expect(
      localizeCommanderError("error: unknown option '--nw'\n(Did you mean --now?)", 'commander.unknownOption', 'sweep'),
    ).toBe("错误：未知选项 '--nw'\n（是否要输入 --now？）");
    expect(localizeCommanderError("error: missing required argument 'file'", 'commander.missingArgument', 'load')).toBe(
      "错误：缺少必需的参数 'file'",
    );
    expect(
      localizeCommanderError(
        "error: too many arguments for 'status'. Expected 0 arguments but got 2.",
        'commander.excessArguments',
        'status',
      ),
    ).toBe("错误：'status' 的参数过多：应有 0 个，实际 2 个。");
  });

  it('keeps a message of another shape as it is', () => {
    setCliLocale('zh-CN');
    expect(localizeCommanderError('error: something new', 'commander.somethingNew', 'x')).toBe('error: something new');
    expect(localizeCommanderError('error: no quotes', 'commander.unknownOption', 'x')).toBe('error: no quotes');
  });
});
