import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText, HAN_ALPHABET } from './search.fixtures.ts';
import { type Chunk, MAX_TOKEN_CHARS, type Scan, scan } from './search.ts';

// ---------------------------------------------------------------------------------------
// The reference: scan() as it was before it became a single regex pass per segment, three
// Unicode-property tests per character. Kept here, verbatim in behaviour, as the oracle the
// faster scan must agree with on any input.

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const TOKEN_CHAR = /^[\p{L}\p{N}]$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;
const IGNORED_CHAR = /^[\p{M}\p{Cf}\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]$/u;

function cap(token: string): string {
  return token.length <= MAX_TOKEN_CHARS ? token : Array.from(token).slice(0, MAX_TOKEN_CHARS).join('');
}

function referenceScan(text: string): Scan {
  const normalized = text.normalize('NFKC').toLowerCase();
  const words: string[] = [];
  const chunks: Chunk[] = [];
  let run = '';

  const flushRun = (): void => {
    if (run !== '') chunks.push({ han: true, text: run });
    run = '';
  };

  for (const { segment } of segmenter.segment(normalized)) {
    let wordHan = '';
    let other = '';
    const flushWordHan = (): void => {
      if (wordHan !== '') words.push(cap(wordHan));
      wordHan = '';
    };
    const flushOther = (): void => {
      if (other !== '') {
        const token = cap(other);
        words.push(token);
        chunks.push({ han: false, text: token });
      }
      other = '';
    };

    for (const ch of segment) {
      if (IGNORED_CHAR.test(ch)) continue;
      if (!TOKEN_CHAR.test(ch)) {
        flushRun();
        flushWordHan();
        flushOther();
      } else if (HAN_CHAR.test(ch)) {
        flushOther();
        run += ch;
        wordHan += ch;
      } else {
        flushRun();
        flushWordHan();
        other += ch;
      }
    }
    flushWordHan();
    flushOther();
  }
  flushRun();
  return { words, chunks };
}

// ---------------------------------------------------------------------------------------

/**
 * Characters where the two scans could part ways: Han letters, digits and symbols (〇 is a
 * Han digit, ⺀ a Han radical that is no letter, 々 a Han modifier letter), ignored marks and
 * format characters between and inside runs, the letters SQLite still treats as marks,
 * surrogate pairs and lone surrogates, letters whose case folding or NFKC form changes length.
 */
const TRICKY = [
  ...HAN_ALPHABET,
  ...Array.from('〇々〆⺀⼀㐀𠀀𰀀〡〩'),
  ...Array.from('aZ9 -_"\'.,，。、\n\t!?'),
  ...Array.from('İßﬁ①ｗＷ１Ⅻé'),
  '\u0301', // combining acute
  '\u200d', // ZWJ
  '\ufe0f', // variation selector
  '\u00ad', // soft hyphen
  '\u3099', // combining kana voiced mark
  '\u19b0', // New Tai Lue vowel (a mark in SQLite's tables)
  '\u1cf2', // Vedic sign
  '\u0e31', // Thai vowel (Mn)
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  'ก',
  'ア',
  '한',
  '٣',
];

const trickyText = (): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 80 });

describe('scan (one replace + one matchAll per segment)', () => {
  it('agrees with the per-character reference on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), trickyText(), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        expect(scan(text)).toEqual(referenceScan(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference on long runs that hit the token cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom('实'.repeat(70), 'x'.repeat(70))), {
          maxLength: 12,
        }),
        (parts) => {
          const text = parts.join('');
          expect(scan(text)).toEqual(referenceScan(text));
        },
      ),
    );
  });

  it('agrees on the examples of the documentation', () => {
    for (const text of [
      '实验室内的空调坏了',
      '校园网 ＷｉＦｉ６ 连不上',
      '3号楼',
      "pm2.5 e-mail don't",
      '，。!?  ',
      '',
    ]) {
      expect(scan(text)).toEqual(referenceScan(text));
    }
  });
});
