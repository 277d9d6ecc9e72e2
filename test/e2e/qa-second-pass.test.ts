/**
 * Fixes of the second QA pass of the web app, end to end (Chromium, the real server):
 * - phone, submit: a photo whose upload failed blocks the submit, is named, and can be retried
 *   or removed (it was silently dropped);
 * - phone and console: an action refused because the request changed meanwhile reloads the
 *   request (its current state and buttons), and the message stays;
 * - console: after reassigning a request out of 待分派 it leaves that queue;
 * - console: a merged request names the request it went into (a link) and shows no deadlines.
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/qa-second-pass.test.ts
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

if (!hasChromium) console.warn(`SKIPPED test/e2e/qa-second-pass.test.ts: ${CHROMIUM} is missing`);

interface Ticket {
  id: string;
  ref: string;
  title: string;
  status: string;
  photos: unknown[];
}

describe.skipIf(!hasChromium)('second QA pass: failed photos, conflicts, queues, merged requests', () => {
  let server: DemoServer;
  let browser: Browser;
  let base = '';
  let photo = '';
  let categoryId = '';
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startDemoServer({ prefix: 'nlt-e2e-qa2-' });
    base = server.url;
    browser = await launchChromium();
    photo = path.join(server.dataDir, 'leak.jpg');
    await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a78c8' } })
      .jpeg()
      .toFile(photo);
    const student = await apiFor(base, 'student', pw('student'));
    const categories = await student<{ id: string; nameZh: string }[]>('GET', '/api/categories');
    categoryId = categories.find((c) => c.nameZh === '后勤维修')?.id as string;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pw = (u: string) => server.passwords.get(u) as string;
  const consoleAs = (username: string) => consoleSignIn(browser, base, username, pw(username));

  async function newTicket(title: string): Promise<Ticket> {
    const student = await apiFor(base, 'student', pw('student'));
    return student<Ticket>('POST', '/api/tickets', { categoryId, title: `${title} ${tag}`, body: '详情见标题。' });
  }

  async function phone(username: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await ctx.addInitScript(() => localStorage.setItem('nlt.locale', 'zh-CN'));
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${base}/`);
    await page.waitForURL(/#\/login/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', pw(username));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=category]');
    return page;
  }

  it('phone: a photo whose upload failed blocks the submit until it is retried or removed', async () => {
    const page = await phone('student');
    await page.locator('[data-test=category]', { hasText: '后勤维修' }).click();
    await page.waitForURL(/#\/submit/);
    const title = `浴室淋浴头坏了 ${tag}`;
    await page.fill('[data-test=title] input', title);
    await page.fill('[data-test=body] textarea', '二楼浴室第三个淋浴头不出水。');

    // The upload fails (connection reset).
    await page.route('**/api/uploads', (r) => r.abort('connectionreset'));
    await page.setInputFiles('input[type=file]', photo);
    const failures = page.locator('[data-test=photo-failure]');
    await failures.first().waitFor();
    expect(await failures.first().textContent()).toContain('leak.jpg');

    // Submitting now sends nothing: the form says which photo failed.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/tickets')) posted++;
    });
    await page.click('[data-test=submit]');
    await expect.poll(() => page.locator('.van-toast').textContent()).toContain('1 张照片上传失败');
    expect(await page.locator('[data-test=photo-failures]').textContent()).toContain('1 张照片上传失败');
    await page.waitForTimeout(500);
    expect(posted).toBe(0);
    expect(page.url()).toMatch(/#\/submit/);

    // Back online: retry, then the request goes with its photo.
    await page.unroute('**/api/uploads');
    await page.click('[data-test=photo-retry]');
    await page.locator('[data-test=photo-failures]').waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForSelector('.van-uploader__mask', { state: 'detached', timeout: 20_000 });
    const [submitted] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/tickets') && r.method() === 'POST'),
      page.click('[data-test=submit]'),
    ]);
    expect((submitted.postDataJSON() as { photoIds?: string[] }).photoIds?.length).toBe(1);
    await page.waitForURL(/#\/tickets\//);
    await page.waitForSelector('[data-test=photos] img');

    // Removing a failed photo instead: submitted without it, as chosen.
    await page.goto(`${base}/#/submit`);
    await page.locator('[data-test=category-field]').waitFor();
    await page.route('**/api/uploads', (r) => r.abort('connectionreset'));
    await page.setInputFiles('input[type=file]', photo);
    await page.locator('[data-test=photo-remove]').click();
    expect(await page.locator('[data-test=photo-failures]').count()).toBe(0);
    expect(await page.locator('.van-uploader__preview').count()).toBe(0);
    await page.context().close();
  }, 90_000);

  it('phone: accepting a request someone else accepted meanwhile shows its current state', async () => {
    const t = await newTicket('宿舍走廊灯不亮');
    const page = await phone('officer');
    await page.goto(`${base}/#/tickets/${t.id}`);
    await page.locator('[data-action=accept]').waitFor();
    // Another officer of the unit accepts it first.
    const other = await apiFor(base, 'officer', pw('officer'));
    await other('POST', `/api/tickets/${t.id}/accept`, {});

    await page.click('[data-action=accept]');
    await expect.poll(() => page.locator('.van-toast').textContent()).toContain('签收');
    // Reloaded: no more "accept", the state is 办理中, without leaving the page.
    await expect.poll(() => page.locator('[data-action=accept]').count()).toBe(0);
    await expect.poll(() => page.locator('.ticket__head').textContent()).toContain('办理中');
    await page.context().close();
  }, 60_000);

  it('console: a conflicting action reloads the request and keeps the message', async () => {
    const t = await newTicket('图书馆三楼空调漏水');
    const officer = await consoleAs('officer');
    await openByRef(officer, t.ref);
    await officer.getByTestId('action-accept').waitFor();
    const other = await apiFor(base, 'officer', pw('officer'));
    await other('POST', `/api/tickets/${t.id}/accept`, {});

    await officer.getByTestId('action-accept').click();
    await officer.getByTestId('act-submit').click();
    await officer.getByTestId('action-dialog').locator('[role=alert]').waitFor();
    await officer.keyboard.press('Escape');
    await officer.getByTestId('action-dialog').waitFor({ state: 'hidden' });
    const drawer = officer.getByTestId('ticket-drawer');
    await expect.poll(() => drawer.getByTestId('ticket-status').textContent()).toContain('办理中');
    expect(await drawer.getByTestId('action-accept').count()).toBe(0);
    expect(await drawer.getByTestId('action-resolve').count()).toBe(1);
    expect(await drawer.getByTestId('stale-alert').textContent()).toContain('签收');
    await officer.context().close();
  }, 60_000);

  it('console: a request reassigned out of 待分派 leaves the queue', async () => {
    const t = await newTicket('校门口路灯坏了');
    const officer = await apiFor(base, 'officer', pw('officer'));
    await officer('POST', `/api/tickets/${t.id}/return`, { reason: '不属于本单位职责' });

    const sup = await consoleAs('supervisor');
    await sup.getByTestId('nav-dispatch').click();
    await sup.waitForURL(/\/console\/dispatch/);
    await openByRef(sup, t.ref);
    const row = sup.locator('[data-testid=ticket-table] tbody tr', { hasText: t.ref });
    await expect.poll(() => row.count()).toBe(1);
    await sup.getByTestId('action-reassign').click();
    await sup.getByTestId('reassign-unit').click();
    await sup.locator('.el-select-dropdown__item:visible', { hasText: '保卫处' }).first().click();
    await sup.getByTestId('act-submit').click();
    await expect.poll(() => sup.getByTestId('ticket-unit').innerText()).toBe('保卫处');
    await sup.keyboard.press('Escape');
    await sup.getByTestId('ticket-drawer').waitFor({ state: 'hidden' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await sup.context().close();
  }, 60_000);

  it('console: a merged request names the one it went into, as a link, and shows no deadlines', async () => {
    const original = await newTicket('体育馆更衣室柜门坏了');
    const duplicate = await newTicket('体育馆柜门损坏');
    const sup = await consoleAs('supervisor');
    await sup.getByTestId('nav-all').click();
    await sup.waitForURL(/\/console\/all/);
    await openByRef(sup, duplicate.ref);
    await sup.getByTestId('resolve-due').waitFor();
    await sup.getByTestId('action-merge').click();
    await sup.locator('#act-into').fill(original.ref);
    await sup.getByTestId('act-submit').click();
    const drawer = sup.getByTestId('ticket-drawer');
    await expect.poll(() => drawer.getByTestId('ticket-status').textContent()).toContain('已合并');
    await expect.poll(() => drawer.getByTestId('open-merged').textContent()).toContain(original.ref);
    expect(await drawer.getByTestId('resolve-due').count()).toBe(0);
    expect(await drawer.textContent()).not.toContain('办理期限');
    // The timeline's entry names the target too.
    expect(await drawer.locator('.el-timeline').textContent()).toContain(original.ref);

    await drawer.getByTestId('open-merged').click();
    await expect.poll(() => drawer.locator('h2').textContent()).toContain('体育馆更衣室柜门坏了');
    await sup.context().close();
  }, 60_000);
});
