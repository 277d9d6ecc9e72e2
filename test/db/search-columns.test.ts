import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/app/ports/store.ts';
import { parseSearchQuery, searchDocument } from '../../src/domain/text/search.ts';
import { describeEachDialect, makeTicket } from '../helpers/db.ts';

// A letter of CJK Unified Ideographs Extension H (Unicode 15.0). Node's ICU knows it; the C
// library some PostgreSQL servers parse text with does not (glibc 2.36), so a vector parsed
// by the server (before migration 007) dropped it, where the literal written with the ticket
// keeps it.
const EXT_H = '\u{31350}';

describeEachDialect('search columns as each engine writes them', (d) => {
  let db: Database;
  beforeAll(async () => {
    db = await d.open();
  });
  afterAll(() => db.close());

  const search = (q: string) =>
    db.stores.tickets
      .list({ search: parseSearchQuery(q) }, 'relevance', 10, null)
      .then((page) => page.items.map((t) => t.id));

  it('finds a ticket by any Han letter this runtime knows, as written and as rewritten', async () => {
    const t = makeTicket({ title: `宿舍${EXT_H}楼热水`, body: '晚上没有热水。' });
    await db.transaction((s) => s.tickets.insert(t, searchDocument(t.title, t.body)));
    expect(await search(EXT_H)).toEqual([t.id]);
    expect(await search(`${EXT_H}楼`)).toEqual([t.id]);
    expect(await search('热水')).toEqual([t.id]);

    // Rewriting the text rewrites the index with it.
    const edited = { ...t, title: '图书馆空调', version: t.version + 1 };
    const ok = await db.transaction((s) =>
      s.tickets.update(edited, t.version, searchDocument(edited.title, edited.body)),
    );
    expect(ok).toBe(true);
    expect(await search(EXT_H)).toEqual([]);
    expect(await search('空调')).toEqual([t.id]);
  });
});
