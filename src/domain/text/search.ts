/**
 * Chinese full-text search, the pure half: what to index and how to ask.
 *
 * A document is indexed twice, as two space-separated token lists:
 * - `words`: the words of `Intl.Segmenter('zh', {granularity: 'word'})`. Precise, and what
 *   ranking favours, but the dictionary sometimes splits differently from how a person
 *   searches (实验室内 → 实验 / 室内, so 实验室 is no word of that text).
 * - `grams`: every run of consecutive Han characters as its overlapping bigrams (plus the
 *   run's last character alone, see {@link searchDocument}), and every other word as itself.
 *   Any Han substring of the text is a phrase of consecutive bigrams here, whatever the
 *   segmenter did, and two-character words are single tokens (a trigram index misses them).
 *
 * A query term matches when its whole text is a word OR its bigrams form a phrase in `grams`;
 * the storage weights `words` above `grams` (FTS5 `bm25(t, 10.0, 1.0)`, PostgreSQL
 * `setweight` A vs B), so documents where the segmenter agrees with the searcher rank first.
 * A Han chunk typed without spaces is cut into its words (particles dropped), one term each,
 * so its words may lie anywhere in the document; the chunk as typed is an extra alternative of
 * its first word's term, which changes no hit but ranks verbatim matches higher.
 *
 * Tokens consist of letters and digits only (`\p{L}\p{N}`, NFKC, lower case), so the
 * engines' own tokenizers (FTS5 {@link FTS5_TOKENIZER}, PostgreSQL's `simple` parser) see exactly one
 * token per token, and no character of either query syntax can reach the expression. The
 * contract tests (search.sqlite.test.ts, search.pg.test.ts) check this against the engines.
 */

/** The two columns to store for one searchable document. */
export interface SearchDocument {
  /** Segmenter words, space-separated; weighted higher. */
  readonly words: string;
  /** Han bigrams (+ run-final characters) and non-Han words, space-separated. */
  readonly grams: string;
}

/** One word the searcher typed (or one word of an unspaced chunk); all terms must match. */
export interface SearchTerm {
  /** The word (normalized): matched against `words`. */
  readonly word: string;
  /** Tokens that must appear consecutively in `grams` (a phrase). */
  readonly grams: readonly string[];
  /** Match tokens that start with `word` (and with `grams[0]` when it is the only gram). */
  readonly prefix: boolean;
  /**
   * Ranking only: the whole unspaced Han chunk this word was cut from, as a second way for the
   * term to match (`word` in `words` or `grams` as a phrase, never a prefix). A document that
   * has the chunk verbatim has each of its words too, so this never changes which documents
   * match; it makes the engines score the verbatim phrase, which ranks such documents above
   * ones where the words are scattered. Set on the first kept word of a chunk that was split.
   */
  readonly verbatim?: { readonly word: string; readonly grams: readonly string[] };
}

/** Column weights the expressions are built for; the storage must use the same. */
export const SEARCH_WEIGHTS = {
  /** `ORDER BY bm25(t, words, grams)` (lower is better). */
  fts5Bm25: { words: 10.0, grams: 1.0 },
  /** `setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', grams), 'B')`. */
  tsvector: { words: 'A', grams: 'B' },
} as const;

/** At most this many terms are kept from one query. */
export const MAX_QUERY_TERMS = 12;
/** Terms and indexed tokens are cut to this many characters (code points). */
export const MAX_TOKEN_CHARS = 64;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Combining marks and format characters (variation selectors, ZWJ, soft hyphen, the dot
// that 'İ'.toLowerCase() leaves behind) are dropped rather than treated as separators, so
// they neither split a word nor end a Han run. So are the 21 letters that were spacing marks
// before Unicode 8/10 (New Tai Lue vowels, two Vedic signs) and still are in SQLite's
// unicode61 tables: FTS5 would drop them, and a token made only of them would vanish
// (search.sqlite.test.ts checks every letter and digit against the engine).
const IGNORED_CLASS = String.raw`[\p{M}\p{Cf}\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]`;
const IGNORED = new RegExp(IGNORED_CLASS, 'gu');
// Tokens are runs of letters and digits (\p{L}\p{N}) that are not ignored; anything else
// separates them. A token is cut where it changes between Han and other scripts: HAN is a
// Han letter or digit, OTHER any other letter or digit. (Han-script symbols such as the CJK
// radicals are neither, so they separate.) Built as RegExp objects: TypeScript rejects the
// `v` flag (set operations in classes) in literals below target ES2024; Node 20 has it.
const HAN = String.raw`[\p{Script=Han}&&[\p{L}\p{N}]]`;
const OTHER = String.raw`[[\p{L}\p{N}]--\p{Script=Han}--${IGNORED_CLASS}]`;
const SEPARATOR = String.raw`[^\p{L}\p{N}\p{M}\p{Cf}]`; // the other ignored characters are letters
/** In a segment without ignored characters: a Han piece (group 1) or another piece (group 2). */
const PIECE = new RegExp(`(${HAN}+)|(${OTHER}+)`, 'gv');
/** Most segments are one of these whole: Han (group 1), another script (2), or separators (3). */
const WHOLE_SEGMENT = new RegExp(`^(?:(${HAN}+)|(${OTHER}+)|(${SEPARATOR}+))$`, 'v');

export interface Chunk {
  readonly han: boolean;
  readonly text: string;
}

export interface Scan {
  /** Segmenter words, each cut into Han and non-Han pieces. */
  readonly words: string[];
  /** Maximal Han runs (across segment boundaries) and non-Han words, in text order. */
  readonly chunks: Chunk[];
}

function cap(token: string): string {
  return token.length <= MAX_TOKEN_CHARS ? token : Array.from(token).slice(0, MAX_TOKEN_CHARS).join('');
}

/**
 * One pass over the segmenter's output. A segment counts as a word when it has a letter or
 * digit (a superset of `isWordLike` that never loses a letter); any other character is a
 * separator, so 'e-mail' is 'e' + 'mail' and '3.5' is '3' + '5' on both the document and
 * the query side. A segment mixing scripts ('3号') is cut where the script changes, because
 * Han text is matched by bigrams and everything else by whole words.
 *
 * Per segment: one anchored match when the segment is all Han, all another script, or all
 * separators (most segments of real text); otherwise one `replace` drops the ignored
 * characters and one `matchAll` finds the pieces, whatever lies between them separating.
 *
 * @internal exported for the tests (search.scan.test.ts compares it with the former
 * per-character scan).
 */
export function scan(text: string): Scan {
  const normalized = text.normalize('NFKC').toLowerCase();
  const words: string[] = [];
  const chunks: Chunk[] = [];
  // The Han run so far: it goes on across segment boundaries (that is the point of the grams)
  // and ends at a separator or a non-Han piece.
  let run = '';

  const flushRun = (): void => {
    if (run !== '') chunks.push({ han: true, text: run });
    run = '';
  };
  const han = (piece: string): void => {
    // A word ends with its piece (its segment, or where the script changes); the run does not.
    run += piece;
    words.push(cap(piece));
  };
  const other = (piece: string): void => {
    flushRun();
    const token = cap(piece);
    words.push(token);
    chunks.push({ han: false, text: token });
  };

  for (const { segment } of segmenter.segment(normalized)) {
    const whole = WHOLE_SEGMENT.exec(segment);
    if (whole !== null) {
      if (whole[1] !== undefined) han(segment);
      else if (whole[2] !== undefined) other(segment);
      else flushRun();
      continue;
    }
    const clean = segment.replace(IGNORED, '');
    let end = 0;
    for (const m of clean.matchAll(PIECE)) {
      if (m.index !== end) flushRun(); // separators before this piece
      end = m.index + m[0].length;
      if (m[1] !== undefined) han(m[0]);
      else other(m[0]);
    }
    if (end !== clean.length) flushRun(); // separators at the end of the segment
  }
  flushRun();
  return { words, chunks };
}

function bigrams(chars: readonly string[]): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/**
 * Builds the two indexed columns of a document from its texts (title, body, …).
 *
 * `grams` holds, per Han run `c1…cn`, the bigrams `c1c2 … c(n-1)cn` followed by `cn` alone
 * (a one-character run is just `c1`). The final unigram is what lets a one-character query,
 * which is a prefix query, find the last character of a run; it is also why no phrase can
 * match across two runs (or two texts): query phrases consist of bigrams only, and the token
 * before the first bigram of a run is always a unigram or a non-Han word, never a bigram.
 * No separator token is needed. Output depends only on the input (and the ICU data of the
 * runtime, which affects `words` only).
 *
 * @param texts - the document's texts; each is scanned on its own, so runs never join
 *   across texts.
 * @returns space-separated tokens of letters and digits; empty strings for no text.
 */
export function searchDocument(...texts: string[]): SearchDocument {
  const words: string[] = [];
  const grams: string[] = [];
  for (const text of texts) {
    const scanned = scan(text);
    words.push(...scanned.words);
    for (const chunk of scanned.chunks) {
      if (!chunk.han) {
        grams.push(chunk.text);
        continue;
      }
      const chars = Array.from(chunk.text);
      grams.push(...bigrams(chars), chars[chars.length - 1] as string);
    }
  }
  return { words: words.join(' '), grams: grams.join(' ') };
}

/**
 * Particles that carry nothing for search on their own. A segment made only of them is dropped
 * from an unspaced Han chunk; {@link FINAL_PARTICLES} are also cut from the end of a longer
 * segment, because the dictionary glues them to the word before (亮了, 好了吗, 停了).
 * Dropping a word only widens the search, never loses a document, so the list may err small.
 */
const PARTICLES = new Set(Array.from('的地得之着过么了吗呢吧啊呀哦嘛啦呗'));
/** Sentence-final and aspect particles: cut from the end of any segment (亮了 → 亮). */
const FINAL_PARTICLES = new Set(Array.from('了吗呢吧啊呀哦嘛啦呗'));

/**
 * The words of a Han chunk that a document must contain: its `Intl.Segmenter` segments, with
 * final particles cut from each segment's end and segments of particles alone dropped.
 * Every word is a substring of the chunk. `[]` when nothing but particles remains.
 */
function chunkWords(chunk: string): string[] {
  const words: string[] = [];
  for (const { segment } of segmenter.segment(chunk)) {
    const chars = Array.from(segment);
    while (chars.length > 0 && FINAL_PARTICLES.has(chars[chars.length - 1] as string)) chars.pop();
    if (chars.length === 0 || (chars.length === 1 && PARTICLES.has(chars[0] as string))) continue;
    words.push(chars.join(''));
  }
  return words;
}

/** The term for a Han word: one character is a prefix term, more are their bigram phrase. */
function hanTerm(chars: readonly string[]): SearchTerm {
  const word = chars.join('');
  return chars.length === 1 ? { word, grams: [word], prefix: true } : { word, grams: bigrams(chars), prefix: false };
}

/**
 * Parses what a person typed into search terms (all must match).
 *
 * Chunks are cut at whitespace, punctuation and changes between Han and other scripts. A Han
 * chunk is cut into its words ({@link chunkWords}: the segmenter's words without particles),
 * and each word is a term, so '路灯不亮了' asks for 路灯, 不 and 亮 anywhere in the document,
 * not for the phrase. One Han character is a prefix term (it must find the character
 * anywhere: in `grams` it starts a bigram or is a run-final unigram); two or more are their
 * bigram phrase. The first word of a chunk that was split carries the whole chunk as
 * `verbatim`, so documents with the chunk as typed rank first; a chunk of one word, or of
 * particles only ('了'), stays one term. Other chunks are words, prefix terms from two
 * characters on ('wifi' finds 'wifi6'). Duplicates are dropped; at most
 * {@link MAX_QUERY_TERMS} terms of at most {@link MAX_TOKEN_CHARS} characters are kept.
 *
 * @returns the terms, or `[]` when the query has nothing searchable (run no search then).
 */
export function parseSearchQuery(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  /** Adds the term unless it is a duplicate or the query is full; true if added. */
  const add = (term: SearchTerm): boolean => {
    const key = `${term.prefix ? '*' : '='}${term.word}`;
    if (terms.length >= MAX_QUERY_TERMS || seen.has(key)) return false;
    seen.add(key);
    terms.push(term);
    return true;
  };
  for (const chunk of scan(q).chunks) {
    if (terms.length >= MAX_QUERY_TERMS) break;
    if (!chunk.han) {
      add({ word: chunk.text, grams: [chunk.text], prefix: Array.from(chunk.text).length >= 2 });
      continue;
    }
    const chars = Array.from(chunk.text).slice(0, MAX_TOKEN_CHARS);
    const whole = hanTerm(chars);
    const words = chunkWords(whole.word);
    // Kept whole: one word, particles only, or two characters the dictionary does not know as
    // a word (验室, 网速; most Chinese words have two): two one-character terms would find
    // nearly anything.
    if (
      words.length === 0 ||
      (chars.length === 2 && words.length === 2) ||
      (words.length === 1 && words[0] === whole.word)
    ) {
      add(whole);
      continue;
    }
    let verbatim: SearchTerm['verbatim'] = { word: whole.word, grams: whole.grams };
    for (const word of words) {
      const term = hanTerm(Array.from(word));
      if (add(verbatim === undefined ? term : { ...term, verbatim })) verbatim = undefined;
    }
  }
  return terms;
}

function usable(term: SearchTerm): boolean {
  return term.word !== '' || term.grams.length > 0;
}

/** An FTS5 string: everything between double quotes is literal except `""`. */
function fts5String(tokens: readonly string[], prefix: boolean): string {
  return `"${foldLatinDiacritics(tokens.join(' ')).replaceAll('"', '""')}"${prefix ? '*' : ''}`;
}

/**
 * The FTS5 table the expressions and columns here are made for:
 * `fts5(words, grams, tokenize = '<FTS5_TOKENIZER>')`. The documents' tokens are already
 * runs of letters and digits separated by single spaces, lower-cased and NFKC-normalised, so
 * the `ascii` tokenizer (split at ASCII spaces and punctuation, every other character part
 * of a token) keeps each of them as one token. It does what `unicode61` (the table's tokenizer
 * before migration 009) did to them, except removing diacritics, which
 * {@link foldLatinDiacritics} does on both sides instead, at a third of the cost per indexed
 * ticket (instructions counted with callgrind).
 */
export const FTS5_TOKENIZER = 'ascii';

/** Latin letters that may carry a diacritic (Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional). */
const LATIN_MARKED = /[\u00C0-\u024F\u1E00-\u1EFF]/;
const LATIN_DIACRITIC = /(\p{Script=Latin})\p{M}+/gu;

/**
 * Latin letters without their diacritics ('café' → 'cafe', 'Ǖ' → 'U'), as FTS5's unicode61
 * tokenizer removes them; everything else unchanged. Letters without a decomposition ('ø',
 * 'ł') stay. Text without such letters (nearly all Chinese text) is returned as it is.
 */
export function foldLatinDiacritics(text: string): string {
  if (!LATIN_MARKED.test(text)) return text;
  return text.normalize('NFD').replace(LATIN_DIACRITIC, '$1').normalize('NFC');
}

/** A document's two FTS5 columns ({@link FTS5_TOKENIZER}): its tokens with Latin diacritics folded. */
export function toFts5Columns(doc: SearchDocument): SearchDocument {
  return { words: foldLatinDiacritics(doc.words), grams: foldLatinDiacritics(doc.grams) };
}

/** The verbatim chunk of a term as a term of its own (no prefix), when it has one. */
function verbatimTerm(t: SearchTerm): SearchTerm | null {
  const v = t.verbatim;
  return v === undefined || (v.word === '' && v.grams.length === 0)
    ? null
    : { word: v.word, grams: v.grams, prefix: false };
}

/**
 * The FTS5 MATCH expression for a table `fts5(words, grams, tokenize=FTS5_TOKENIZER)` holding
 * {@link toFts5Columns} (Latin diacritics are folded here too):
 * `(words : "w" OR grams : "g1 g2 …")` per term, joined by AND; a term with a `verbatim`
 * chunk has that as two more alternatives (`… OR words : "c" OR grams : "c1 c2 …"`), which
 * bm25 scores when the document has them. Rank with `bm25(t, 10.0, 1.0)` ({@link SEARCH_WEIGHTS}).
 *
 * @returns the expression, or `''` for no terms — do not run MATCH with it.
 */
export function toFts5Match(terms: readonly SearchTerm[]): string {
  const alternatives = (t: SearchTerm, parts: string[]): void => {
    if (t.word !== '') parts.push(`words : ${fts5String([t.word], t.prefix)}`);
    if (t.grams.length > 0) parts.push(`grams : ${fts5String(t.grams, t.prefix && t.grams.length === 1)}`);
  };
  return terms
    .filter(usable)
    .map((t) => {
      const parts: string[] = [];
      alternatives(t, parts);
      const v = verbatimTerm(t);
      if (v !== null) alternatives(v, parts);
      return `(${parts.join(' OR ')})`;
    })
    .join(' AND ');
}

/** A quoted tsvector/tsquery lexeme: quotes and backslashes are escaped. */
function tsQuote(token: string): string {
  return `'${tsEscape(token)}'`;
}

function tsEscape(text: string): string {
  return text.includes('\\') || text.includes("'") ? text.replaceAll('\\', '\\\\').replaceAll("'", "''") : text;
}

/** A tsquery lexeme with a weight restriction. */
function tsLexeme(token: string, prefix: boolean, weight: string): string {
  return `${tsQuote(token)}:${prefix ? '*' : ''}${weight}`;
}

/**
 * The document as a tsvector literal for `$1::tsvector`: the same lexemes, positions and
 * weights as `setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple',
 * grams), 'B')`, without PostgreSQL's parser. That parser decides what a letter is from the
 * server's C library, which may be older than this runtime's Unicode (glibc 2.36 drops the
 * Han extensions H, I and J); the literal keeps every token exactly as produced here.
 * PostgreSQL clamps positions above 16383, so phrases are only exact within the first 16383
 * tokens (words and grams together).
 *
 * @returns the literal; `''` (an empty tsvector) for an empty document.
 */
export function toTsVector(doc: SearchDocument): string {
  const { words: wordWeight, grams: gramWeight } = SEARCH_WEIGHTS.tsvector;
  const lexemes: string[] = [];
  let position = 0;
  for (const [column, weight] of [
    [doc.words, wordWeight],
    [doc.grams, gramWeight],
  ] as const) {
    if (column === '') continue;
    // Escaped as a whole (tokens hold no space, escaping adds none): one pass per column
    // instead of two per token, for the literal every submission on PostgreSQL builds.
    for (const token of tsEscape(column).split(' ')) {
      position++;
      lexemes.push(`'${token}':${Math.min(position, MAX_TS_POSITION)}${weight}`);
    }
  }
  return lexemes.join(' ');
}

/** PostgreSQL's largest tsvector position; larger ones are stored as this. */
const MAX_TS_POSITION = 16383;

/**
 * The text for `to_tsquery('simple', $1)` against
 * `setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', grams), 'B')`,
 * or for `$1::tsquery` against {@link toTsVector} (same syntax; the cast skips the parser):
 * `('w':A | 'g1':B <-> 'g2':B …)` per term, joined by `&`; a term with a `verbatim` chunk has
 * it as two more alternatives (`… | 'c':A | 'c1':B <-> 'c2':B …`), whose lexemes `ts_rank`
 * counts when the document has them. The weight labels stand in for
 * FTS5's column filters: without them a phrase could run from the last word into the first
 * gram of the concatenated vector. Rank with `ts_rank` (A counts 1.0, B 0.4 by default).
 *
 * @returns the query text, or `''` for no terms — do not run a search with it.
 */
export function toTsQuery(terms: readonly SearchTerm[]): string {
  const { words: wordWeight, grams: gramWeight } = SEARCH_WEIGHTS.tsvector;
  const alternatives = (t: SearchTerm, parts: string[]): void => {
    if (t.word !== '') parts.push(tsLexeme(t.word, t.prefix, wordWeight));
    if (t.grams.length > 0) {
      const gramPrefix = t.prefix && t.grams.length === 1;
      parts.push(t.grams.map((g) => tsLexeme(g, gramPrefix, gramWeight)).join(' <-> '));
    }
  };
  return terms
    .filter(usable)
    .map((t) => {
      const parts: string[] = [];
      alternatives(t, parts);
      const v = verbatimTerm(t);
      if (v !== null) alternatives(v, parts);
      return `(${parts.join(' | ')})`;
    })
    .join(' & ');
}
