/**
 * Contract test with the real engine: the one place under src/domain that does I/O (an
 * in-memory SQLite database), because what is checked is how FTS5's tokenizer (FTS5_TOKENIZER)
 * and query parser treat what search.ts produces. The storage layer must create the table the
 * same way.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FTS5_TOKENIZER,
  foldLatinDiacritics,
  parseSearchQuery,
  SEARCH_WEIGHTS,
  type SearchTerm,
  searchDocument,
  toFts5Columns,
  toFts5Match,
} from './search.ts';
import {
  anyText,
  hanString,
  hanStringWithSubstring,
  lettersAndDigitsInBatches,
  RANKING,
  referenceMatch,
  SEARCH_CASES,
  VERBATIM_RANKING,
} from './search.fixtures.ts';

const { words: W, grams: G } = SEARCH_WEIGHTS.fts5Bm25;

describe(`FTS5 (${FTS5_TOKENIZER}) contract`, () => {
  let db: Database.Database;
  let insert: Database.Statement<[number, string, string]>;
  let search: Database.Statement<[string], { rowid: number }>;

  const reset = (): void => {
    db.exec('DELETE FROM t');
  };
  const index = (rowid: number, ...texts: string[]): void => {
    const doc = toFts5Columns(searchDocument(...texts));
    insert.run(rowid, doc.words, doc.grams);
  };
  const findTerms = (terms: readonly SearchTerm[]): number[] => {
    const match = toFts5Match(terms);
    return match === '' ? [] : search.all(match).map((r) => r.rowid);
  };
  const find = (query: string): number[] => findTerms(parseSearchQuery(query));
  const withoutVerbatim = (terms: readonly SearchTerm[]): SearchTerm[] =>
    terms.map(({ word, grams, prefix }) => ({ word, grams, prefix }));
  /** Positions FTS5 gave a column's tokens: one per token we produced, or the phrases break. */
  const tokenCount = (rowid: number, column: 'words' | 'grams'): number =>
    (
      db
        .prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM v WHERE doc = ? AND col = ?')
        .get(rowid, column) ?? { n: 0 }
    ).n;

  beforeAll(() => {
    db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(words, grams, tokenize='${FTS5_TOKENIZER}')`);
    // One row per token instance: (term, doc, col, offset), col being the column's name.
    db.exec("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");
    insert = db.prepare('INSERT INTO t(rowid, words, grams) VALUES (?, ?, ?)');
    search = db.prepare(`SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ${W}, ${G}), rowid`);
  });
  afterAll(() => db.close());

  it('finds the documents the reference matcher finds', () => {
    reset();
    for (const [i, c] of SEARCH_CASES.entries()) index(i + 1, c.text);
    SEARCH_CASES.forEach((c, i) => {
      for (const q of c.found) expect(find(q), q).toContain(i + 1);
      for (const q of c.notFound) expect(find(q), q).not.toContain(i + 1);
    });
    // And exactly those, for every query of every case against every document.
    const queries = SEARCH_CASES.flatMap((c) => [...c.found, ...c.notFound]);
    for (const q of queries) {
      const expected = SEARCH_CASES.flatMap((c, i) =>
        referenceMatch(searchDocument(c.text), parseSearchQuery(q)) ? [i + 1] : [],
      );
      expect(
        find(q).sort((a, b) => a - b),
        q,
      ).toEqual(expected);
    }
  });

  it('ranks segmenter-word matches above bigram-only matches with bm25(t, 10, 1)', () => {
    reset();
    for (const [i, text] of RANKING.fillers.entries()) index(100 + i, text);
    for (const [rowid, text] of [...RANKING.word, ...RANKING.bigramOnly]) index(rowid, text);
    const wordIds = RANKING.word.map(([id]) => id).sort();
    const ranked = find(RANKING.query);
    expect(ranked.slice(0, wordIds.length).sort()).toEqual(wordIds);
    expect(ranked.slice(wordIds.length).sort()).toEqual(RANKING.bigramOnly.map(([id]) => id).sort());
    // The words column carries this: ranked by the grams alone, the document with 热水 twice as
    // a bigram beats the long one that has it once as a word.
    const byGrams = db
      .prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 0.0, 1.0)')
      .all(toFts5Match(parseSearchQuery(RANKING.query)))
      .map((r) => r.rowid);
    expect(byGrams.indexOf(4)).toBeLessThan(byGrams.indexOf(2));
  });

  it('ranks a document with an unspaced query verbatim above ones with its words scattered', () => {
    reset();
    for (const [i, text] of VERBATIM_RANKING.fillers.entries()) index(100 + i, text);
    const cases = VERBATIM_RANKING.cases;
    for (const c of cases) for (const [rowid, text] of [...c.verbatim, ...c.scattered]) index(rowid, text);
    for (const c of cases) {
      const verbatimIds = c.verbatim.map(([id]) => id).sort();
      const all = [...verbatimIds, ...c.scattered.map(([id]) => id)].sort();
      const ranked = find(c.query);
      expect([...ranked].sort(), c.query).toEqual(all);
      expect(ranked.slice(0, verbatimIds.length).sort(), c.query).toEqual(verbatimIds);
      // The verbatim alternative carries this: without it, the same hits, a scattered one first.
      const plain = findTerms(withoutVerbatim(parseSearchQuery(c.query)));
      expect([...plain].sort(), c.query).toEqual(all);
      expect(verbatimIds, c.query).not.toContain(plain[0]);
    }
  });

  it('finds the same rows with or without the verbatim alternative', () => {
    const text = fc.array(hanString(1, 12), { minLength: 1, maxLength: 3 }).map((runs) => runs.join('。'));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), hanString(2, 10), (texts, q) => {
        reset();
        for (const [i, t] of texts.entries()) index(i + 1, t);
        const terms = parseSearchQuery(q);
        const hits = findTerms(terms).sort((a, b) => a - b);
        expect(findTerms(withoutVerbatim(terms)).sort((a, b) => a - b)).toEqual(hits);
        const expected = texts.flatMap((t, i) => (referenceMatch(searchDocument(t), terms) ? [i + 1] : []));
        expect(hits).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every letter and digit that search.ts emits as an FTS5 token', () => {
    // A database of its own: 140,000 tokens would slow down every later DELETE in this one.
    const big = new Database(':memory:');
    try {
      big.exec(`CREATE VIRTUAL TABLE t USING fts5(words, grams, tokenize='${FTS5_TOKENIZER}')`);
      big.exec(`CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')`);
      const add = big.prepare<[number, string]>('INSERT INTO t(rowid, grams) VALUES (?, ?)');
      const count = big.prepare<[number], { n: number }>("SELECT count(*) AS n FROM v WHERE doc = ? AND col = 'grams'");
      lettersAndDigitsInBatches(2000).forEach((text, i) => {
        const grams = toFts5Columns(searchDocument(text)).grams;
        add.run(i + 1, grams);
        expect(count.get(i + 1)?.n, `batch from ${text.slice(0, 8)}`).toBe(grams.split(' ').length);
      });
    } finally {
      big.close();
    }
  });

  it('finds Latin words with or without their diacritics, as unicode61 did', () => {
    reset();
    index(1, 'Café Wi-Fi 在二食堂', 'Ǖber naïve');
    index(2, 'cafe 二食堂');
    index(3, 'søren łódź');
    expect(find('cafe')).toEqual(expect.arrayContaining([1, 2]));
    expect(find('CAFÉ')).toEqual(expect.arrayContaining([1, 2]));
    expect(find('naive')).toEqual([1]);
    expect(find('über')).toEqual([1]);
    expect(find('łódź')).toEqual([3]);
    expect(find('łodz')).toEqual([3]); // ó and ź fold; ł has no decomposition and stays
    expect(find('soren')).toEqual([]); // ø stays ø, as in unicode61
    expect(foldLatinDiacritics('二食堂的 Café')).toBe('二食堂的 Cafe');
    const han = '二食堂的菜太咸了';
    expect(foldLatinDiacritics(han)).toBe(han);
  });

  it('keeps each produced token as exactly one FTS5 token', () => {
    reset();
    const samples = [
      '实验 验室 室内',
      '𠀀𰀀鿐々〇 タワー 서울 ǆß é١٢٣ wifi6 1e5',
      'İstanbul Ⅻ ① ｗｉｆｉ',
      'สวัสดีครับ हिन्दी',
    ];
    for (const [i, s] of samples.entries()) index(i + 1, s);
    samples.forEach((s, i) => {
      const doc = searchDocument(s);
      expect(tokenCount(i + 1, 'words'), s).toBe(doc.words.split(' ').length);
      expect(tokenCount(i + 1, 'grams'), s).toBe(doc.grams.split(' ').length);
    });
  });

  it('keeps each produced token as one FTS5 token, for any input', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        reset();
        index(1, s);
        const doc = searchDocument(s);
        expect(tokenCount(1, 'words')).toBe(doc.words === '' ? 0 : doc.words.split(' ').length);
        expect(tokenCount(1, 'grams')).toBe(doc.grams === '' ? 0 : doc.grams.split(' ').length);
      }),
      { numRuns: 500 },
    );
  });

  it('finds any Han substring, in the engine', () => {
    fc.assert(
      fc.property(hanStringWithSubstring(), ({ s, t }) => {
        reset();
        index(1, s);
        expect(find(t)).toEqual([1]);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts the expression for any input and finds a text by itself', () => {
    fc.assert(
      fc.property(anyText(), anyText(), (s, q) => {
        reset();
        index(1, s);
        // Must not throw an FTS5 syntax error, whatever q is.
        find(q);
        if (parseSearchQuery(s).length > 0) expect(find(s)).toEqual([1]);
      }),
      { numRuns: 500 },
    );
  });
});
