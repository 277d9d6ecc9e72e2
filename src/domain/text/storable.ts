// Node 20 has it (ES2024); the project's lib setting is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/**
 * Text either database can store: no U+0000 (PostgreSQL's text and JSON refuse it) and no
 * lone UTF-16 surrogate (not encodable as UTF-8: PostgreSQL refuses it, SQLite would store
 * U+FFFD instead). Two native scans per string. The HTTP layer checks every request's text
 * with it; the repositories check the text they decode from a cursor, which the request
 * checks cannot see inside.
 */
export function isStorableText(s: string): boolean {
  return s.isWellFormed() && !s.includes('\u0000');
}
