/**
 * What a supervisor met in the console, end to end (Chromium, 1366×800, the real server):
 * - a reference typed in the search box opens that request (full-text search does not index it);
 * - the request's photos are in the drawer;
 * - a duplicate is merged into a request named by its reference, as the dialog invites, and the
 *   merged one opens the request it went into;
 * - "approve extension" is offered only while an extension waits for approval;
 * - the tables fit a 1366-pixel screen (no column cut off).
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/console-handling.test.ts
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFor,
  CHROMIUM,
  consoleSignIn,
  type DemoServer,
  hasChromium,
  launchChromium,
  openByRef,
  startDemoServer,
} from './harness.ts';

if (!hasChromium) console.warn(`SKIPPED test/e2e/console-handling.test.ts: ${CHROMIUM} is missing`);

interface Ticket {
  id: string;
  ref: string;
  title: string;
}

describe.skipIf(!hasChromium)('console: finding, photos, merging, extensions (Chromium, 1366×800)', () => {
  let server: DemoServer;
  let browser: Browser;
  let base = '';
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startDemoServer({ prefix: 'nlt-e2e-handling-' });
    base = server.url;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pw = (u: string) => server.passwords.get(u) as string;
  const signIn = (username: string) => consoleSignIn(browser, base, username, pw(username));

  it('opens a request by its reference, shows its photos, merges a duplicate named by reference', async () => {
    const student = await apiFor(base, 'student', pw('student'));
    const categories = await student<{ id: string; nameZh: string }[]>('GET', '/api/categories');
    const categoryId = categories.find((c) => c.nameZh === '后勤维修')?.id;
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c0502a' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'step.jpg');
    const uploaded = await student<{ items: { id: string }[] }>('POST', '/api/uploads', form);
    const photoIds = uploaded.items.map((u) => u.id);
    const original = await student<Ticket>('POST', '/api/tickets', {
      categoryId,
      title: `食堂门口台阶破损 ${tag}`,
      body: '台阶边缘破损，容易绊倒。',
      photoIds,
    });
    const duplicate = await student<Ticket>('POST', '/api/tickets', {
      categoryId,
      title: `食堂门口台阶坏了 ${tag}`,
      body: '同一处台阶。',
    });

    const sup = await signIn('supervisor');
    // Every column of the table is on screen.
    await sup.locator('[data-testid=ticket-table] tbody tr').first().waitFor();
    const clipped = await sup.evaluate(() => {
      const wrap = document.querySelector('[data-testid=ticket-table] .el-scrollbar__wrap');
      return wrap ? wrap.scrollWidth - wrap.clientWidth : 0;
    });
    expect(clipped, 'the ticket table scrolls sideways at 1366 px').toBeLessThanOrEqual(1);

    await openByRef(sup, original.ref);
    const photos = sup.getByTestId('ticket-photos').locator('img');
    await photos.first().waitFor();
    expect(await photos.count()).toBe(1);
    await expect
      .poll(() => photos.first().evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await sup.keyboard.press('Escape');
    await sup.getByTestId('ticket-drawer').waitFor({ state: 'hidden' });

    await openByRef(sup, duplicate.ref);
    await sup.getByTestId('action-merge').click();
    await sup.locator('#act-into').fill(original.ref);
    await sup.getByTestId('act-submit').click();
    await expect.poll(() => sup.getByTestId('ticket-status').textContent()).toContain('已合并');
    await sup.getByTestId('open-merged').click();
    await expect.poll(() => sup.getByTestId('ticket-drawer').textContent()).toContain(original.title);
    await sup.context().close();
  }, 90_000);

  it('offers "approve extension" only while an extension waits for approval', async () => {
    const student = await apiFor(base, 'student', pw('student'));
    const officer = await apiFor(base, 'officer', pw('officer'));
    const categories = await student<{ id: string; nameZh: string }[]>('GET', '/api/categories');
    const t = await student<Ticket>('POST', '/api/tickets', {
      categoryId: categories.find((c) => c.nameZh === '后勤维修')?.id,
      title: `实验楼屋顶漏水 ${tag}`,
      body: '下雨天三楼走廊漏水。',
    });
    await officer('POST', `/api/tickets/${t.id}/accept`, {});

    const sup = await signIn('supervisor');
    await openByRef(sup, t.ref);
    await sup.getByTestId('action-urge').waitFor();
    expect(await sup.getByTestId('action-approve_extension').count()).toBe(0);
    await sup.keyboard.press('Escape');

    // A promise two months ahead is more than 10 working days: it waits for a supervisor.
    const promised = new Date(Date.now() + 60 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await officer('POST', `/api/tickets/${t.id}/reply-interim`, { reason: '需要招标采购', promisedDate: promised });
    await openByRef(sup, t.ref);
    await sup.getByTestId('action-approve_extension').click();
    await sup.getByTestId('act-submit').click();
    await sup.getByTestId('action-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => sup.getByTestId('action-approve_extension').count()).toBe(0);
    await sup.context().close();
  }, 90_000);
});
