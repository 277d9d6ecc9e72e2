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
const FTS5_VERBATIM = ` OR words : "${TOKEN}" OR grams : "${TOKEN}(?: ${TOKEN})*"`;
const FTS5_TERM = String.raw`\(words : "${TOKEN}"\*? OR grams : "${TOKEN}(?: ${TOKEN})*"\*?(?:${FTS5_VERBATIM})?\)`;
const FTS5_EXPR = new RegExp(`^${FTS5_TERM}(?: AND ${FTS5_TERM})*$`, 'u');
const TS_LEX = (w: string): string => String.raw`'${TOKEN}':\*?${w}`;
const TS_VERBATIM = String.raw` \| '${TOKEN}':A \| '${TOKEN}':B(?: <-> '${TOKEN}':B)*`;
const TS_TERM = String.raw`\(${TS_LEX('A')} \| ${TS_LEX('B')}(?: <-> ${TS_LEX('B')})*(?:${TS_VERBATIM})?\)`;
const TS_EXPR = new RegExp(`^${TS_TERM}(?: & ${TS_TERM})*$`, 'u');

const found = (text: string, query: string): boolean => referenceMatch(searchDocument(text), parseSearchQuery(query));

/** A Han chunk as one phrase term: what a Han chunk asked for before it was cut into words. */
const phraseTerm = (chunk: string): SearchTerm => {
  const chars = Array.from(chunk);
  if (chars.length === 1) return { word: chunk, grams: [chunk], prefix: true };
  return { word: chunk, grams: chars.slice(1).map((c, i) => `${chars[i]}${c}`), prefix: false };
};
const withoutVerbatim = (terms: readonly SearchTerm[]): SearchTerm[] =>
  terms.map(({ word, grams, prefix }) => ({ word, grams, prefix }));

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
  it('keeps a one-word Han chunk whole with its bigrams; one character is a prefix term', () => {
    expect(parseSearchQuery('空调  热')).toEqual([
      { word: '空调', grams: ['空调'], prefix: false },
      { word: '热', grams: ['热'], prefix: true },
    ]);
    expect(parseSearchQuery('连不上')).toEqual([{ word: '连不上', grams: ['连不', '不上'], prefix: false }]);
  });

  it('cuts an unspaced Han chunk into its words; the first carries the chunk as verbatim', () => {
    // The segmenter: 路灯 / 不 / 亮了; 了 is cut from the end of 亮了.
    expect(parseSearchQuery('路灯不亮了')).toEqual([
      {
        word: '路灯',
        grams: ['路灯'],
        prefix: false,
        verbatim: { word: '路灯不亮了', grams: ['路灯', '灯不', '不亮', '亮了'] },
      },
      { word: '不', grams: ['不'], prefix: true },
      { word: '亮', grams: ['亮'], prefix: true },
    ]);
    const words = (q: string): string[] => parseSearchQuery(q).map((t) => t.word);
    expect(words('洗衣机不出水')).toEqual(['洗衣', '机', '不出', '水']);
    // 二 / 食堂 / 的 / 菜 / 太 / 咸 / 了: particles standing alone are dropped.
    expect(words('二食堂的菜太咸了')).toEqual(['二', '食堂', '菜', '太', '咸']);
    // 修 / 好了吗, 电梯 / 停了: final particles are cut from the end of a word, repeatedly.
    expect(words('修好了吗 电梯停了')).toEqual(['修', '好', '电梯', '停']);
    expect(words('实验室 宿舍楼')).toEqual(['实验', '室', '宿舍', '楼']);
    expect(parseSearchQuery('的空调')).toEqual([
      { word: '空调', grams: ['空调'], prefix: false, verbatim: { word: '的空调', grams: ['的空', '空调'] } },
    ]);
  });

  it('keeps a chunk whole when it is particles only, or two characters the dictionary cuts apart', () => {
    expect(parseSearchQuery('了')).toEqual([{ word: '了', grams: ['了'], prefix: true }]);
    expect(parseSearchQuery('了吗')).toEqual([{ word: '了吗', grams: ['了吗'], prefix: false }]);
    // 验 / 室: two one-character words would find almost anything.
    expect(parseSearchQuery('验室')).toEqual([{ word: '验室', grams: ['验室'], prefix: false }]);
    // 坏 / 了: a particle goes, so this one is cut (坏, with 坏了 as verbatim).
    expect(parseSearchQuery('坏了')).toEqual([
      { word: '坏', grams: ['坏'], prefix: true, verbatim: { word: '坏了', grams: ['坏了'] } },
    ]);
  });

  it('lower-cases other chunks; prefix from two characters on', () => {
    expect(parseSearchQuery('WiFi, a 6')).toEqual([
      { word: 'wifi', grams: ['wifi'], prefix: true },
      { word: 'a', grams: ['a'], prefix: false },
      { word: '6', grams: ['6'], prefix: false },
    ]);
  });

  it('splits where Han meets other scripts', () => {
    expect(parseSearchQuery('校园网WiFi').map((t) => t.word)).toEqual(['校园', '网', 'wifi']);
  });

  it('returns [] when nothing is searchable', () => {
    for (const q of ['', '   ', '"()*:&|!<>-^', '，。？！', '\u0301\u200d']) expect(parseSearchQuery(q)).toEqual([]);
  });

  it(`drops duplicates and keeps at most ${MAX_QUERY_TERMS} terms of ${MAX_TOKEN_CHARS} characters`, () => {
    expect(parseSearchQuery('空调 空调 WIFI wifi')).toHaveLength(2);
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(many)).toHaveLength(MAX_QUERY_TERMS);
    // 实 × 100: one word (the duplicates go), with the chunk cut to 64 characters as verbatim.
    const [han, ...rest] = parseSearchQuery('实'.repeat(100));
    expect(rest).toEqual([]);
    expect(han?.word).toBe('实');
    expect(Array.from(han?.verbatim?.word ?? '')).toHaveLength(MAX_TOKEN_CHARS);
    expect(han?.verbatim?.grams).toHaveLength(MAX_TOKEN_CHARS - 1);
    // The words of one long chunk count against the limit too.
    expect(parseSearchQuery('图书馆的空调坏了宿舍楼热水不热洗衣机不出水路灯不亮')).toHaveLength(MAX_QUERY_TERMS);
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
        expect(referenceMatch(searchDocument(s), parseSearchQuery(t)), `${s} ∋ ${t}`).toBe(true);
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
    // A query is cut into words, each of which must lie in one run; the verbatim phrase too.
    const spanning = fc
      .tuple(hanString(1, 6), hanString(1, 6), fc.constantFrom('。', ' ', 'a', '1', '-'))
      .chain(([x, y, sep]) =>
        fc
          .tuple(fc.integer({ min: 1, max: Array.from(x).length }), fc.integer({ min: 1, max: Array.from(y).length }))
          .map(([k, m]) => ({ x, y, sep, q: Array.from(x).slice(-k).join('') + Array.from(y).slice(0, m).join('') })),
      );
    fc.assert(
      fc.property(spanning, ({ x, y, sep, q }) => {
        const doc = searchDocument(x + sep + y);
        const inOneRun = (w: string): boolean => x.includes(w) || y.includes(w);
        expect(referenceMatch(doc, [phraseTerm(q)]), `${x}${sep}${y} ∋ "${q}"`).toBe(inOneRun(q));
        const terms = parseSearchQuery(q);
        const verbatim = terms.flatMap((t) => (t.verbatim === undefined ? [] : [t.verbatim.word]));
        expect(verbatim.every(inOneRun)).toBe(inOneRun(q) || verbatim.length === 0);
        expect(found(x + sep + y, q), `${x}${sep}${y} ∋ ${q}`).toBe(terms.every((t) => inOneRun(t.word)));
      }),
      { numRuns: 2000 },
    );
    expect(referenceMatch(searchDocument('空调。调度'), [phraseTerm('空调度')])).toBe(false);
    // 空调 / 度: both words are there, each in one run.
    expect(found('空调。调度', '空调度')).toBe(true);
  });

  it('still finds whatever a chunk found as one phrase (cutting it into words only widens)', () => {
    // Documents of Han runs; queries of Han chunks, compared with each chunk as one phrase.
    const text = fc.array(hanString(1, 12), { minLength: 1, maxLength: 3 }).map((runs) => runs.join('。'));
    const query = fc.array(hanString(1, 8), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(text, query, (s, chunks) => {
        const before = referenceMatch(searchDocument(s), chunks.map(phraseTerm));
        if (before) expect(found(s, chunks.join(' ')), `${s} ∋ ${chunks.join(' ')}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same documents with or without the verbatim alternative (it only ranks)', () => {
    const text = fc.array(hanString(1, 12), { minLength: 1, maxLength: 3 }).map((runs) => runs.join('，'));
    fc.assert(
      fc.property(text, fc.oneof(hanString(2, 10), anyText()), (s, q) => {
        const doc = searchDocument(s);
        const terms = parseSearchQuery(q);
        expect(referenceMatch(doc, terms)).toBe(referenceMatch(doc, withoutVerbatim(terms)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('query expressions', () => {
  const nasty = '"实验室" OR (空调*) NEAR(a b, 3) ^x -y col:z \' \\ & | ! <-> :* {words grams}: +1 %';

  it('builds the FTS5 MATCH expression', () => {
    expect(toFts5Match(parseSearchQuery('连不上 WiFi 热 a'))).toBe(
      '(words : "连不上" OR grams : "连不 不上") AND (words : "wifi"* OR grams : "wifi"*) AND ' +
        '(words : "热"* OR grams : "热"*) AND (words : "a" OR grams : "a")',
    );
    expect(toFts5Match(parseSearchQuery('路灯不亮了'))).toBe(
      '(words : "路灯" OR grams : "路灯" OR words : "路灯不亮了" OR grams : "路灯 灯不 不亮 亮了") AND ' +
        '(words : "不"* OR grams : "不"*) AND (words : "亮"* OR grams : "亮"*)',
    );
  });

  it('builds the to_tsquery text with weights A (words) and B (grams)', () => {
    expect(toTsQuery(parseSearchQuery('连不上 WiFi 热'))).toBe(
      "('连不上':A | '连不':B <-> '不上':B) & ('wifi':*A | 'wifi':*B) & ('热':*A | '热':*B)",
    );
    expect(toTsQuery(parseSearchQuery('路灯不亮了'))).toBe(
      "('路灯':A | '路灯':B | '路灯不亮了':A | '路灯':B <-> '灯不':B <-> '不亮':B <-> '亮了':B) & " +
        "('不':*A | '不':*B) & ('亮':*A | '亮':*B)",
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
    const withVerbatim: SearchTerm[] = [
      { word: 'a', grams: ['a'], prefix: true, verbatim: { word: '"*', grams: ["'", '\\'] } },
    ];
    expect(toFts5Match(withVerbatim)).toBe('(words : "a"* OR grams : "a"* OR words : """*" OR grams : "\' \\")');
    expect(toTsQuery(withVerbatim)).toBe("('a':*A | 'a':*B | '\"*':A | '''':B <-> '\\\\':B)");
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
