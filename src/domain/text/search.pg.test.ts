/**
 * Contract test with PostgreSQL (runs only when TEST_DATABASE_URL is set): like
 * search.sqlite.test.ts, the I/O here is the point, it checks how the 'simple' text search
 * configuration and the tsquery parser treat what search.ts produces. Everything lives in a
 * temporary table of this test's own session, so concurrent runs never see each other's rows.
 *
 * Two ways to build the vector are checked, both with the same query text:
 * - parsed: setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', grams), 'B')
 *   with to_tsquery('simple', q);
 * - literal: toTsVector(doc)::tsvector with q::tsquery (no parser, no C-library Unicode tables).
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery, SEARCH_WEIGHTS, type SearchTerm, searchDocument, toTsQuery, toTsVector } from './search.ts';
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

const url = process.env.TEST_DATABASE_URL;

/** ts_rank weights {D, C, B, A} as the store ranks (src/db/dialects/postgres.ts): B relative to A as in bm25. */
const STORE_RANK_WEIGHTS = `{0, 0, ${SEARCH_WEIGHTS.fts5Bm25.grams / SEARCH_WEIGHTS.fts5Bm25.words}, 1}`;

type Path = 'parsed' | 'literal';
const PATHS: readonly Path[] = ['parsed', 'literal'];
const QUERY: Record<Path, string> = {
  parsed: "to_tsquery('simple', $1)",
  literal: '$1::tsquery',
};

describe.skipIf(!url)('PostgreSQL tsvector/tsquery contract', () => {
  const client = new pg.Client({ connectionString: url });

  const reset = async (): Promise<void> => {
    await client.query('TRUNCATE docs');
  };
  const index = async (id: number, ...texts: string[]): Promise<void> => {
    const doc = searchDocument(...texts);
    await client.query(
      `INSERT INTO docs (id, parsed, literal) VALUES ($1,
         setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B'),
         $4::tsvector)`,
      [id, doc.words, doc.grams, toTsVector(doc)],
    );
  };
  /** With `weights`, ranks by ts_rank(weights, …) (the store's are {@link STORE_RANK_WEIGHTS}). */
  const findTerms = async (path: Path, terms: readonly SearchTerm[], weights?: string): Promise<number[]> => {
    const q = toTsQuery(terms);
    if (q === '') return [];
    const rank = weights === undefined ? `ts_rank(${path}, q)` : `ts_rank($2::float4[], ${path}, q)`;
    const { rows } = await client.query<{ id: number }>(
      `SELECT id FROM docs, (SELECT ${QUERY[path]} AS q) AS query
        WHERE ${path} @@ q ORDER BY ${rank} DESC, id`,
      weights === undefined ? [q] : [q, weights],
    );
    return rows.map((r) => r.id);
  };
  const find = (path: Path, query: string): Promise<number[]> => findTerms(path, parseSearchQuery(query));
  const withoutVerbatim = (terms: readonly SearchTerm[]): SearchTerm[] =>
    terms.map(({ word, grams, prefix }) => ({ word, grams, prefix }));
  /** Token positions in a vector: one per token we produced, or the phrases break. */
  const positions = async (sql: string, params: unknown[]): Promise<number> => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM unnest((${sql})) AS u, unnest(u.positions) AS p`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  };
  const count = (column: string): number => (column === '' ? 0 : column.split(' ').length);

  beforeAll(async () => {
    await client.connect();
    // Notices such as "text-search query doesn't contain lexemes" are expected for some inputs.
    client.on('notice', () => {});
    await client.query('CREATE TEMP TABLE docs (id integer PRIMARY KEY, parsed tsvector, literal tsvector)');
  });
  afterAll(async () => {
    await client.end();
  });

  it("keeps space-separated Han tokens as one lexeme each in to_tsvector('simple')", async () => {
    const { rows } = await client.query<{ v: string }>("SELECT to_tsvector('simple', '实验 验室 室内')::text AS v");
    expect(rows[0]?.v).toBe("'实验':1 '室内':3 '验室':2");
    const doc = searchDocument('实验室内的空调坏了 WiFi6');
    const { rows: same } = await client.query<{ same: boolean }>(
      `SELECT setweight(to_tsvector('simple', $1), 'A') || setweight(to_tsvector('simple', $2), 'B') = $3::tsvector AS same`,
      [doc.words, doc.grams, toTsVector(doc)],
    );
    expect(same[0]?.same).toBe(true);
  });

  for (const path of PATHS) {
    describe(path, () => {
      it('finds exactly the documents the reference matcher finds', async () => {
        await reset();
        for (const [i, c] of SEARCH_CASES.entries()) await index(i + 1, c.text);
        for (const [i, c] of SEARCH_CASES.entries()) {
          for (const q of c.found) expect(await find(path, q), q).toContain(i + 1);
          for (const q of c.notFound) expect(await find(path, q), q).not.toContain(i + 1);
        }
        for (const q of SEARCH_CASES.flatMap((c) => [...c.found, ...c.notFound])) {
          const expected = SEARCH_CASES.flatMap((c, i) =>
            referenceMatch(searchDocument(c.text), parseSearchQuery(q)) ? [i + 1] : [],
          );
          expect(
            (await find(path, q)).sort((a, b) => a - b),
            q,
          ).toEqual(expected);
        }
      });

      it('ranks segmenter-word matches (weight A) above bigram-only matches (weight B) with ts_rank', async () => {
        await reset();
        for (const [i, text] of RANKING.fillers.entries()) await index(100 + i, text);
        for (const [id, text] of [...RANKING.word, ...RANKING.bigramOnly]) await index(id, text);
        const wordIds = RANKING.word.map(([id]) => id).sort();
        const ranked = await find(path, RANKING.query);
        expect(ranked.slice(0, wordIds.length).sort()).toEqual(wordIds);
        expect(ranked.slice(wordIds.length).sort()).toEqual(RANKING.bigramOnly.map(([id]) => id).sort());
      });

      it('ranks a document with an unspaced query verbatim above ones with its words scattered', async () => {
        await reset();
        for (const [i, text] of VERBATIM_RANKING.fillers.entries()) await index(100 + i, text);
        const cases = VERBATIM_RANKING.cases;
        for (const c of cases) for (const [id, text] of [...c.verbatim, ...c.scattered]) await index(id, text);
        for (const weights of [undefined, STORE_RANK_WEIGHTS]) {
          for (const c of cases) {
            const label = `${c.query} ${weights ?? 'default weights'}`;
            const verbatimIds = c.verbatim.map(([id]) => id).sort();
            const all = [...verbatimIds, ...c.scattered.map(([id]) => id)].sort();
            const ranked = await findTerms(path, parseSearchQuery(c.query), weights);
            expect([...ranked].sort(), label).toEqual(all);
            expect(ranked.slice(0, verbatimIds.length).sort(), label).toEqual(verbatimIds);
            // The verbatim alternative carries this: without it, the same hits, a scattered one first.
            const plain = await findTerms(path, withoutVerbatim(parseSearchQuery(c.query)), weights);
            expect([...plain].sort(), label).toEqual(all);
            expect(verbatimIds, label).not.toContain(plain[0]);
          }
        }
      });

      it('finds the same rows with or without the verbatim alternative', async () => {
        const text = fc.array(hanString(1, 12), { minLength: 1, maxLength: 3 }).map((runs) => runs.join('。'));
        await fc.assert(
          fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), hanString(2, 10), async (texts, q) => {
            await reset();
            for (const [i, t] of texts.entries()) await index(i + 1, t);
            const terms = parseSearchQuery(q);
            const hits = (await findTerms(path, terms)).sort((a, b) => a - b);
            expect((await findTerms(path, withoutVerbatim(terms))).sort((a, b) => a - b)).toEqual(hits);
            const expected = texts.flatMap((t, i) => (referenceMatch(searchDocument(t), terms) ? [i + 1] : []));
            expect(hits).toEqual(expected);
          }),
          { numRuns: 150 },
        );
      });

      it('finds any Han substring', async () => {
        await fc.assert(
          fc.asyncProperty(hanStringWithSubstring(), async ({ s, t }) => {
            await reset();
            await index(1, s);
            expect(await find(path, t)).toEqual([1]);
          }),
          { numRuns: 200 },
        );
      });

      it('accepts the query for any input and finds a text by itself', async () => {
        await fc.assert(
          fc.asyncProperty(anyText(), anyText(), async (s, q) => {
            await reset();
            await index(1, s);
            await find(path, q); // must not raise a tsquery syntax error
            const doc = searchDocument(s);
            if (path === 'parsed') {
              // The parser drops letters newer than the server's C library (see below); such
              // text is outside what this path can promise.
              const n = await positions(
                "setweight(to_tsvector('simple', $1), 'A') || setweight(to_tsvector('simple', $2), 'B')",
                [doc.words, doc.grams],
              );
              fc.pre(n === count(doc.words) + count(doc.grams));
            }
            if (parseSearchQuery(s).length > 0) expect(await find(path, s)).toEqual([1]);
          }),
          { numRuns: 300 },
        );
      });
    });
  }

  it('literal: keeps every token exactly; parsed: keeps every Han character up to Extension B', async () => {
    // What to_tsvector('simple') calls a letter comes from the server's C library: glibc 2.36
    // (Debian 12) knows Unicode 14, so it drops Han extensions H, I, J and other recent
    // letters, which the literal path keeps. Common Chinese text (URO, Ext A, compatibility
    // ideographs, Ext B) must survive either way.
    const essentialHan = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2a6dd}]$/u;
    for (const text of lettersAndDigitsInBatches(5000)) {
      const doc = searchDocument(text);
      const tokens = doc.grams.split(' ');
      expect(await positions('$1::tsvector', [toTsVector({ words: '', grams: doc.grams })])).toBe(tokens.length);
      const { rows } = await client.query<{ token: string }>(
        `SELECT token FROM unnest($1::text[]) AS token WHERE to_tsvector('simple', token) = ''::tsvector`,
        [tokens],
      );
      expect(rows.map((r) => r.token).filter((t) => essentialHan.test(t))).toEqual([]);
    }
  });
});
