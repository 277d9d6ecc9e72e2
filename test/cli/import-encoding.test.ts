import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.ts';
import { csvText, decodeCsv } from '../../src/app/import/encoding.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function refusal(f: () => unknown): Record<string, unknown> | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('IMPORT_INVALID');
    return (e as AppError).params;
  }
  throw new Error('expected a refusal');
}

describe('decodeCsv: the bytes of a CSV file as spreadsheets save them', () => {
  it('reads UTF-8, with or without its byte-order mark', () => {
    expect(decodeCsv(bytes('code,name_zh\n教务处\n'))).toEqual({ text: 'code,name_zh\n教务处\n', encoding: 'utf-8' });
    expect(decodeCsv(bytes([0xef, 0xbb, 0xbf], 'a,张三\n')).encoding).toBe('utf-8');
  });

  it('reads UTF-16 LE and BE after their byte-order marks', () => {
    const le = bytes([0xff, 0xfe], [...Buffer.from('a,张三\r\n', 'utf16le')]);
    expect(decodeCsv(le)).toEqual({ text: 'a,张三\r\n', encoding: 'utf-16le' });
    const be = Buffer.from('a,张三\r\n', 'utf16le').swap16();
    expect(decodeCsv(bytes([0xfe, 0xff], [...be]))).toEqual({ text: 'a,张三\r\n', encoding: 'utf-16be' });
  });

  it('reads bytes that are not UTF-8 as GB18030 (GBK)', () => {
    // 张三 in GBK, 𠀀 (U+20000) in GB18030's four-byte form.
    const gbk = bytes('name\n', [0xd5, 0xc5, 0xc8, 0xfd], '\n', [0x95, 0x32, 0x82, 0x36], '\n');
    expect(decodeCsv(gbk)).toEqual({ text: 'name\n张三\n\u{20000}\n', encoding: 'gb18030' });
  });

  it('refuses bytes no encoding explains instead of keeping U+FFFD, and says on which line', () => {
    expect(refusal(() => decodeCsv(bytes('a\nb\n', [0xff, 0xff], '\n')))).toEqual({
      reason: 'ENCODING',
      found: 'gb18030',
      line: 3,
    });
    // UTF-8 with a stray byte: the line named is the stray byte's, not the first line GB18030 garbles.
    expect(refusal(() => decodeCsv(bytes('name\n好,x\n', [0xff], '\n')))).toMatchObject({ found: 'gb18030', line: 3 });
    // A lone UTF-16 surrogate.
    expect(refusal(() => decodeCsv(bytes([0xff, 0xfe], [0x61, 0, 0x0a, 0, 0x00, 0xd8])))).toMatchObject({
      found: 'utf-16le',
      line: 2,
    });
    // U+FFFD already in valid UTF-8 text: the trace of an earlier bad conversion.
    expect(refusal(() => decodeCsv(bytes('name\n\uFFFD\uFFFD\n')))).toMatchObject({ found: 'utf-8', line: 2 });
    expect(refusal(() => csvText('name\n\uFFFD\n'))).toMatchObject({ found: 'utf-8', line: 2 });
  });

  it('refuses an Excel workbook and UTF-16 without its mark (NUL bytes)', () => {
    expect(refusal(() => decodeCsv(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0])))).toMatchObject({ found: 'xlsx' });
    expect(refusal(() => decodeCsv(Buffer.from('a,b\n', 'utf16le')))).toMatchObject({ found: 'nul' });
  });
});
