import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_TERMS,
  MAX_TOKEN_CHARS,
  parseSearchQuery,
  type SearchTerm,
  searchDocument,
  toFts5Match,
  toTsQuery,
} from './search.ts';
import { anyText, hanString, hanStringWithSubstring, referenceMatch, SEARCH_CASES } from './search.fixtures.ts';

const PLAIN_TOKEN = /^[\p{L}\p{N}]+$/u;

// The complete grammar of what the builders may emit: anything else would be a way for input
// to reach the engines' query syntax.
const TOKEN = String.raw`[\p{L}\p{N}]+`;
const FTS5_TERM = String.raw`\(words : "${TOKEN}"\*? OR grams : "${TOKEN}(?: ${TOKEN})*"\*?\)`;
const FTS5_EXPR = new RegExp(`^${FTS5_TERM}(?: AND ${FTS5_TERM})*$`, 'u');
const TS_LEX = (w: string): string => String.raw`'${TOKEN}':\*?${w}`;
const TS_TERM = String.raw`\(${TS_LEX('A')} \| ${TS_LEX('B')}(?: <-> ${TS_LEX('B')})*\)`;
const TS_EXPR = new RegExp(`^${TS_TERM}(?: & ${TS_TERM})*$`, 'u');

const found = (text: string, query: string): boolean => referenceMatch(searchDocument(text), parseSearchQuery(query));

describe('searchDocument', () => {
  it('indexes segmenter words and Han bigrams with the run-final character', () => {
    expect(searchDocument('实验室内的空调坏了')).toEqual({
      words: '实验 室内 的 空调 坏 了',
      grams: '实验 验室 室内 内的 的空 空调 调坏 坏了 了',
    });
  });

  it('keeps non-Han words whole, lower-cased and NFKC-normalized, and cuts scripts apart', () => {
    expect(searchDocument('校园网 ＷｉＦｉ６ 连不上')).toEqual({
      words: '校园 网 wifi6 连不上',
      grams: '校园 园网 网 wifi6 连不 不上 上',
    });
    expect(searchDocument('3号楼').grams).toBe('3 号楼 楼');
  });

  it('treats punctuation inside words as a separator, like the query side does', () => {
    expect(searchDocument("pm2.5 e-mail don't").grams).toBe('pm2 5 e mail don t');
  });

  it('scans each text on its own, so runs do not join across texts', () => {
    expect(searchDocument('实验', '室内')).toEqual({ words: '实验 室内', grams: '实验 验 室内 内' });
    expect(referenceMatch(searchDocument('实验', '室内'), parseSearchQuery('验室'))).toBe(false);
  });

  it('yields empty columns for nothing searchable', () => {
    expect(searchDocument()).toEqual({ words: '', grams: '' });
    expect(searchDocument('', '，。!?  ')).toEqual({ words: '', grams: '' });
  });

  it('caps long tokens', () => {
    const long = 'a'.repeat(200);
    expect(searchDocument(long).words).toBe('a'.repeat(MAX_TOKEN_CHARS));
    expect(found(long, long)).toBe(true);
  });

  it('emits only plain letter/digit tokens, deterministically, for any input', () => {
    fc.assert(
      fc.property(fc.array(anyText(), { maxLength: 3 }), (texts) => {
        const doc = searchDocument(...texts);
        for (const column of [doc.words, doc.grams]) {
          if (column === '') continue;
          for (const token of column.split(' ')) expect(token).toMatch(PLAIN_TOKEN);
        }
        expect(searchDocument(...texts)).toEqual(doc);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseSearchQuery', () => {
  it('keeps Han chunks whole with their bigrams; one character is a prefix term', () => {
    expect(parseSearchQuery('实验室  热')).toEqual([
      { word: '实验室', grams: ['实验', '验室'], prefix: false },
      { word: '热', grams: ['热'], prefix: true },
    ]);
    expect(parseSearchQuery('空调')).toEqual([{ word: '空调', grams: ['空调'], prefix: false }]);
  });

  it('lower-cases other chunks; prefix from two characters on', () => {
    expect(parseSearchQuery('WiFi, a 6')).toEqual([
      { word: 'wifi', grams: ['wifi'], prefix: true },
      { word: 'a', grams: ['a'], prefix: false },
      { word: '6', grams: ['6'], prefix: false },
    ]);
  });

  it('splits where Han meets other scripts', () => {
    expect(parseSearchQuery('校园网WiFi').map((t) => t.word)).toEqual(['校园网', 'wifi']);
  });

  it('returns [] when nothing is searchable', () => {
    for (const q of ['', '   ', '"()*:&|!<>-^', '，。？！', '\u0301\u200d']) expect(parseSearchQuery(q)).toEqual([]);
  });

  it(`drops duplicates and keeps at most ${MAX_QUERY_TERMS} terms of ${MAX_TOKEN_CHARS} characters`, () => {
    expect(parseSearchQuery('空调 空调 WIFI wifi')).toHaveLength(2);
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(many)).toHaveLength(MAX_QUERY_TERMS);
    const [han] = parseSearchQuery('实'.repeat(100));
    expect(Array.from(han?.word ?? '')).toHaveLength(MAX_TOKEN_CHARS);
    expect(han?.grams).toHaveLength(MAX_TOKEN_CHARS - 1);
  });
});

describe('finding documents (reference matcher)', () => {
  for (const c of SEARCH_CASES) {
    it(`${c.text}: found by ${c.found.join(' / ')}; not by ${c.notFound.join(' / ')}`, () => {
      for (const q of c.found) expect(found(c.text, q), q).toBe(true);
      for (const q of c.notFound) expect(found(c.text, q), q).toBe(false);
    });
  }

  it('finds any Han substring of a Han text, however the segmenter split it', () => {
    fc.assert(
      fc.property(hanStringWithSubstring(), ({ s, t }) => {
        const terms = parseSearchQuery(t);
        expect(terms).toHaveLength(1);
        expect(referenceMatch(searchDocument(s), terms)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds Han substrings and latin word prefixes in mixed text', () => {
    const latin = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    const part = fc.oneof(
      hanString(1, 10),
      latin,
      latin.map((w) => w.toUpperCase()),
    );
    const separator = fc.constantFrom(' ', '，', '。', '-', '(', ')', '"', '*', ':', '\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(part, separator), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (parts, pick, a, b) => {
          const text = parts.map(([p, sep]) => p + sep).join('');
          const [chosen] = parts[pick % parts.length] ?? [''];
          const chars = Array.from(chosen);
          const isHan = /\p{Script=Han}/u.test(chosen);
          // Han: any substring; other: a prefix of two or more characters, or the whole word.
          const start = isHan ? a % chars.length : 0;
          const minEnd = isHan ? start + 1 : Math.min(2, chars.length);
          const end = minEnd + (b % (chars.length - minEnd + 1));
          const query = chars.slice(start, end).join('');
          expect(found(text, query), `${text} ∋ ${query}`).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('finds every text by the text itself, for any input', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        const terms = parseSearchQuery(s);
        if (terms.length > 0) expect(referenceMatch(searchDocument(s), terms)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('matches a Han phrase only inside one run, never across two', () => {
    // The dangerous query joins the end of one run to the start of the next: with runs
    // 'xab' and 'bcy', the bigrams ab and bc would be neighbours without the run-final unigram.
    const spanning = fc
      .tuple(hanString(1, 6), hanString(1, 6), fc.constantFrom('。', ' ', 'a', '1', '-'))
      .chain(([x, y, sep]) =>
        fc
          .tuple(fc.integer({ min: 1, max: Array.from(x).length }), fc.integer({ min: 1, max: Array.from(y).length }))
          .map(([k, m]) => ({ x, y, sep, q: Array.from(x).slice(-k).join('') + Array.from(y).slice(0, m).join('') })),
      );
    fc.assert(
      fc.property(spanning, ({ x, y, sep, q }) => {
        const expected = x.includes(q) || y.includes(q);
        expect(found(x + sep + y, q), `${x}${sep}${y} ∋ ${q}`).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(found('空调。调度', '空调度')).toBe(false);
  });
});

describe('query expressions', () => {
  const nasty = '"实验室" OR (空调*) NEAR(a b, 3) ^x -y col:z \' \\ & | ! <-> :* {words grams}: +1 %';

  it('builds the FTS5 MATCH expression', () => {
    expect(toFts5Match(parseSearchQuery('实验室 WiFi 热 a'))).toBe(
      '(words : "实验室" OR grams : "实验 验室") AND (words : "wifi"* OR grams : "wifi"*) AND ' +
        '(words : "热"* OR grams : "热"*) AND (words : "a" OR grams : "a")',
    );
  });

  it('builds the to_tsquery text with weights A (words) and B (grams)', () => {
    expect(toTsQuery(parseSearchQuery('实验室 WiFi 热'))).toBe(
      "('实验室':A | '实验':B <-> '验室':B) & ('wifi':*A | 'wifi':*B) & ('热':*A | '热':*B)",
    );
  });

  it('keeps query syntax out of the expressions', () => {
    const terms = parseSearchQuery(nasty);
    expect(terms.length).toBeGreaterThan(0);
    expect(toFts5Match(terms)).toMatch(FTS5_EXPR);
    expect(toTsQuery(terms)).toMatch(TS_EXPR);
  });

  it('returns empty expressions for no terms', () => {
    expect(toFts5Match([])).toBe('');
    expect(toTsQuery([])).toBe('');
  });

  it('quotes hand-made terms safely', () => {
    const terms: SearchTerm[] = [{ word: 'a"b\'c\\', grams: ['x"', "'y"], prefix: true }];
    expect(toFts5Match(terms)).toBe('(words : "a""b\'c\\"* OR grams : "x"" \'y")');
    expect(toTsQuery(terms)).toBe("('a\"b''c\\\\':*A | 'x\"':B <-> '''y':B)");
  });

  it('never lets arbitrary input unbalance quotes or escape the grammar', () => {
    fc.assert(
      fc.property(anyText(), (q) => {
        const terms = parseSearchQuery(q);
        const fts = toFts5Match(terms);
        const ts = toTsQuery(terms);
        expect((fts.match(/"/g) ?? []).length % 2).toBe(0);
        expect((ts.match(/'/g) ?? []).length % 2).toBe(0);
        if (terms.length === 0) {
          expect([fts, ts]).toEqual(['', '']);
        } else {
          expect(fts).toMatch(FTS5_EXPR);
          expect(ts).toMatch(TS_EXPR);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
