import { AppError } from '../errors.ts';

/** How a CSV file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

const REPLACEMENT = '\uFFFD';

/**
 * Reads a CSV file's bytes the way spreadsheets save them: a UTF-8 byte-order mark or valid
 * UTF-8 is UTF-8 (the mark is kept: the CSV parser drops it); a UTF-16 LE or BE mark is UTF-16
 * (Excel's "Unicode text"); anything else that is not valid UTF-8 is GB18030, the superset of
 * GBK that Excel on Chinese Windows writes as "CSV". Text that still holds U+FFFD (bytes no
 * encoding explains) is refused rather than stored with the damage, and so are workbooks and
 * files with NUL bytes (UTF-16 without its mark, or not text at all). Errors are IMPORT_INVALID
 * with reason ENCODING and what the file looks like in `found`.
 */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw encodingError('xlsx');
  }
  let decoded: DecodedCsv;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) decoded = decode(bytes.subarray(2), 'utf-16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoded = decode(bytes.subarray(2), 'utf-16be');
  else {
    if (bytes.includes(0)) throw encodingError('nul');
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      decoded = decode(bytes, 'gb18030');
    }
  }
  const at = decoded.text.indexOf(REPLACEMENT);
  if (at < 0) return decoded;
  if (decoded.encoding !== 'gb18030') throw encodingError(decoded.encoding, lineAt(decoded.text, at));
  // Neither UTF-8 nor GB18030: the line to look at is the first that is not UTF-8 (a UTF-8 file
  // with a few stray bytes also garbles its good lines as GB18030).
  const lenient = new TextDecoder('utf-8').decode(bytes);
  throw encodingError('gb18030', lineAt(lenient, Math.max(0, lenient.indexOf(REPLACEMENT))));
}

/** A file given as bytes is decoded by {@link decodeCsv}; text already decoded is checked for U+FFFD alike. */
export function csvText(input: string | Uint8Array): DecodedCsv {
  if (typeof input !== 'string') return decodeCsv(input);
  const at = input.indexOf(REPLACEMENT);
  if (at >= 0) throw encodingError('utf-8', lineAt(input, at));
  return { text: input, encoding: 'utf-8' };
}

function decode(bytes: Uint8Array, encoding: CsvEncoding): DecodedCsv {
  // ignoreBOM keeps a mark the caller did not strip (none here) as text; U+FFFD marks bad bytes.
  return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

function encodingError(found: string, line?: number): AppError {
  return new AppError('IMPORT_INVALID', 'file', { reason: 'ENCODING', found, ...(line ? { line } : {}) });
}
