/**
 * Whether a string decoded from a cursor may be bound as a query parameter on both databases:
 * no U+0000 and no lone UTF-16 surrogate. PostgreSQL refuses either (a 500), while the request
 * checks of the HTTP layer cannot see inside a cursor's base64; such a cursor was not made by
 * a repository, so it is the caller's input error (422), like any other tampered cursor.
 */
export function isCursorText(s: string): boolean {
  return !s.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
