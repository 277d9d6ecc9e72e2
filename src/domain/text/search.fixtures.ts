/**
 * Test-only: cases and a reference matcher shared by the pure tests and the SQLite and
 * PostgreSQL contract tests, so all three check the same expectations.
 */
import fc from 'fast-check';
import type { SearchDocument, SearchTerm } from './search.ts';

/** A document text and queries that must (and must not) find it. */
export interface SearchCase {
  readonly text: string;
  readonly found: readonly string[];
  readonly notFound: readonly string[];
}

export const SEARCH_CASES: readonly SearchCase[] = [
  {
    // The segmenter splits this 实验 / 室内 / 的 / 空调 / 坏 / 了: 实验室 and 空调坏了 are no words.
    text: '实验室内的空调坏了',
    found: ['实验室', '空调', '室内', '空调坏了', '实验室 空调', '实', '了', '验室内'],
    notFound: ['实验楼', '空调好了', '室外', '空调 热水'],
  },
  {
    text: '宿舍楼热水',
    found: ['热水', '宿舍', '宿舍 热水', '楼热', '水'],
    notFound: ['热水器', '宿舍区'],
  },
  {
    text: '校园网 WiFi 连不上',
    found: ['wifi', 'WiFi', 'WIFI', 'wi', '校园网', '连不上', '校园网wifi', 'ＷｉＦｉ'],
    notFound: ['wifi6', 'fi', '校园卡'],
  },
  {
    text: '3号楼 WiFi6 信号弱 pm2.5 超标',
    found: ['wifi', 'wifi6', '3号楼', '号楼', 'pm2.5', 'pm', '信号'],
    notFound: ['wifi7', '4号楼'],
  },
  {
    // Runs separated by punctuation do not form a phrase together: 验室 (two characters, kept
    // whole) is no phrase of this text. 实验室 (segmented 实验 / 室), 实验室内 (实验 / 室内) and
    // 验室内 (验 / 室内) are found by their words, which are all here.
    text: '实验。室内',
    found: ['实验', '室内', '验', '实验 室内', '实验室', '实验室内', '验室内'],
    notFound: ['验室', '实验室外', '空调'],
  },
  // QA's examples: unspaced queries find documents that have the query's words, not the
  // phrase as typed (segmented 洗衣/机/不出/水, 路灯/不/亮了, 二/食堂/的/菜/太/咸/了).
  {
    text: '银杏苑11幢洗衣机扣费后不出水',
    found: ['洗衣机不出水', '洗衣机 不出水', '银杏苑洗衣机', '11幢洗衣机不出水了', '洗衣机扣费'],
    // 进 and 烘 are not in the text.
    notFound: ['洗衣机不进水', '烘干机不出水', '洗衣机不出水 热水'],
  },
  {
    text: '路灯不亮',
    found: ['路灯不亮了', '路灯不亮', '路灯 不亮', '路灯不亮了吗', '不亮了', '灯不亮了'],
    notFound: ['路灯太暗了', '路灯坏了', '路灯不灭'],
  },
  {
    text: '二食堂菜太咸',
    found: ['二食堂的菜', '二食堂的菜太咸了', '二食堂菜太咸', '食堂的菜太咸了吧', '的菜'],
    notFound: ['三食堂的菜太咸了', '二食堂的菜太淡了', '二食堂的饭'],
  },
  {
    text: '二食堂的菜太咸了',
    found: ['二食堂的菜', '二食堂菜太咸', '食堂的菜', '了', '的'],
    notFound: ['二食堂的饭', '一食堂的菜'],
  },
];

/**
 * For ranking: 热水 is a segmenter word in `word` (宿舍 / 楼 / 的 / 热水 …) but only a bigram
 * in `bigramOnly` (加热 / 水壶, 电热 / 水 / 器), some of which repeat it; the fillers give the
 * corpus realistic document frequencies (bm25's idf is ~0 when every document matches).
 */
export const RANKING = {
  query: '热水',
  word: [
    [1, '宿舍楼热水'],
    [2, '请问什么时候宿舍楼的热水能恢复供应，已经三天了'],
  ],
  bigramOnly: [
    [3, '加热水壶坏了'],
    [4, '加热水壶和电热水器都坏了'],
  ],
  fillers: [
    '图书馆三楼的灯不亮',
    '食堂饭菜太咸',
    '校园网 WiFi 连不上',
    '宿舍门锁坏了',
    '操场跑道积水',
    '教室投影仪没有信号',
    '实验室内的空调坏了',
    '快递站排队太久',
  ],
} as const satisfies {
  query: string;
  word: readonly (readonly [number, string])[];
  bigramOnly: readonly (readonly [number, string])[];
  fillers: readonly string[];
};

/**
 * For ranking an unspaced query against documents that have its words: `verbatim` has the
 * query as typed, `scattered` only its words, and without the `verbatim` alternative of the
 * query the engines put a scattered document first (the alternative carries the ranking).
 */
export const VERBATIM_RANKING = {
  cases: [
    {
      query: '路灯不亮了',
      verbatim: [[1, '图书馆前面路灯不亮了好几天']],
      scattered: [
        [2, '路灯不亮'],
        [3, '路灯坏了，晚上不亮'],
      ],
    },
    {
      query: '二食堂的菜',
      verbatim: [[4, '二食堂的菜太咸了']],
      scattered: [[5, '二食堂菜太咸']],
    },
  ],
  fillers: RANKING.fillers,
} as const;

/**
 * Every code point the search treats as a letter or digit (NFKC- and lower-case-stable, so
 * it reaches the index unchanged), space-separated in batches: each is one token.
 */
export function lettersAndDigitsInBatches(size: number): string[] {
  const batches: string[] = [];
  let batch: string[] = [];
  for (let cp = 0x30; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (!/^[\p{L}\p{N}]$/u.test(ch) || ch.normalize('NFKC') !== ch || ch.toLowerCase() !== ch) continue;
    batch.push(ch);
    if (batch.length === size) {
      batches.push(batch.join(' '));
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch.join(' '));
  return batches;
}

function tokens(column: string): string[] {
  return column === '' ? [] : column.split(' ');
}

function has(list: readonly string[], token: string, prefix: boolean): boolean {
  return list.some((t) => (prefix ? t.startsWith(token) : t === token));
}

/**
 * What FTS5 and PostgreSQL do with {@link toFts5Match}/{@link toTsQuery}, on token lists:
 * the word is a token of `words` (or starts one, for a prefix term), or the grams are
 * consecutive tokens of `grams` (a lone gram of a prefix term may start a token); or the same
 * holds for the term's `verbatim` chunk (never a prefix).
 */
export function referenceMatchTerm(doc: SearchDocument, term: SearchTerm): boolean {
  if (matchOwn(doc, term)) return true;
  const v = term.verbatim;
  return v !== undefined && matchOwn(doc, { word: v.word, grams: v.grams, prefix: false });
}

function matchOwn(doc: SearchDocument, term: SearchTerm): boolean {
  const words = tokens(doc.words);
  const grams = tokens(doc.grams);
  if (term.word !== '' && has(words, term.word, term.prefix)) return true;
  if (term.grams.length === 0) return false;
  if (term.grams.length === 1) return has(grams, term.grams[0] as string, term.prefix);
  for (let i = 0; i + term.grams.length <= grams.length; i++) {
    if (term.grams.every((g, j) => grams[i + j] === g)) return true;
  }
  return false;
}

/** All terms match; an empty query matches nothing (it is never run). */
export function referenceMatch(doc: SearchDocument, terms: readonly SearchTerm[]): boolean {
  return terms.length > 0 && terms.every((t) => referenceMatchTerm(doc, t));
}

/** Han text over a small alphabet, so substrings and repeats are common. */
// With particles (的 了 吗) and 不, which the query side drops or keeps as one-character words.
export const HAN_ALPHABET = Array.from('实验室内空调宿舍热水图书馆的了吗不');

export const hanString = (minLength = 1, maxLength = 30): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...HAN_ALPHABET), minLength, maxLength });

/** A Han string and one of its substrings (by code points, length >= 1). */
export const hanStringWithSubstring = (): fc.Arbitrary<{ s: string; t: string }> =>
  hanString().chain((s) => {
    const n = Array.from(s).length;
    return fc
      .integer({ min: 0, max: n - 1 })
      .chain((start) => fc.integer({ min: start + 1, max: n }).map((end) => ({ start, end })))
      .map(({ start, end }) => ({ s, t: Array.from(s).slice(start, end).join('') }));
  });

/** Any text at all: lone surrogates, astral characters, controls, combining marks. */
export const anyText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        ...HAN_ALPHABET,
        ...Array.from('aZ9 -"\'*:()^&|!<>.,，。、\\{}+~%@#İé̀ß①ｗ𠀀〇々\u200d\ufe0f'),
      ),
      maxLength: 40,
    }),
  );
