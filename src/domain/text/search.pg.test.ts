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
import { parseSearchQuery, searchDocument, toTsQuery, toTsVector } from './search.ts';
import {
  anyText,
  hanStringWithSubstring,
  lettersAndDigitsInBatches,
  RANKING,
  referenceMatch,
  SEARCH_CASES,
} from './search.fixtures.ts';

const url = process.env.TEST_DATABASE_URL;

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
  const find = async (path: Path, query: string): Promise<number[]> => {
    const q = toTsQuery(parseSearchQuery(query));
    if (q === '') return [];
    const { rows } = await client.query<{ id: number }>(
      `SELECT id FROM docs, (SELECT ${QUERY[path]} AS q) AS query
        WHERE ${path} @@ q ORDER BY ts_rank(${path}, q) DESC, id`,
      [q],
    );
    return rows.map((r) => r.id);
  };
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
