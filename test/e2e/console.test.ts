/**
 * The desktop console end to end: the real server (`nonglintong serve` on a free port, a fresh
 * DATA_DIR, the demo seed) driven by Debian's Chromium through playwright-core.
 * Screenshots go to docs/screenshots/console-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  consoleSignIn,
  type DemoServer,
  hasChromium,
  launchChromium,
  ROOT,
  startDemoServer,
} from './harness.ts';

// Screenshots are artifacts in test-results/; SCREENSHOTS_DIR=docs/screenshots refreshes the README's.
const SHOTS = path.resolve(ROOT, process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots');
if (!hasChromium) console.warn(`console e2e SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

describe.skipIf(!hasChromium)('console (Chromium)', () => {
  let server: DemoServer;
  let browser: Browser;
  let base = '';
  let passwords = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDemoServer({ prefix: 'nlt-console-' });
    base = server.url;
    passwords = server.passwords;
    for (const u of ['officer', 'supervisor', 'admin'])
      if (!passwords.has(u)) throw new Error(`no password for ${u} in the seed output`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = (username: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> =>
    consoleSignIn(browser, base, username, passwords.get(username) as string, {
      locale,
      viewport: { width: 1440, height: 900 },
    });
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `console-${name}.png`) });
  const tableReady = (page: Page) =>
    page.waitForFunction(() => !document.querySelector('[data-testid=ticket-table] .el-loading-mask'));

  it('an officer returns a ticket, a supervisor reassigns it from the dispatch queue', async () => {
    const officer = await signIn('officer');
    await officer.waitForURL(/\/console\/workbench/);
    await tableReady(officer);
    await officer.locator('[data-testid=ticket-table] tbody tr').first().waitFor();
    await shot(officer, 'workbench');
    // The first ticket of the unit inbox that may be returned.
    const rows = officer.locator('[data-testid=ticket-table] tbody tr');
    let ref = '';
    for (let i = 0; i < (await rows.count()) && !ref; i++) {
      const btn = rows.nth(i).locator('td').nth(1).getByRole('button');
      await btn.click();
      await officer.getByTestId('ticket-status').waitFor();
      if (await officer.getByTestId('action-return').isVisible()) ref = (await btn.innerText()).trim();
      else await officer.keyboard.press('Escape');
    }
    expect(ref).not.toBe('');
    await shot(officer, 'ticket');
    await officer.getByTestId('action-return').click();
    await officer.getByTestId('act-reason').fill('不属于本单位职责，请转教务处');
    await officer.getByTestId('act-submit').click();
    await expect.poll(() => officer.getByTestId('ticket-status').innerText()).toBe('待分派');
    await officer.context().close();

    const sup = await signIn('supervisor');
    await sup.waitForURL(/\/console\/dispatch/);
    await tableReady(sup);
    const open = sup.getByRole('button', { name: new RegExp(ref) });
    for (let i = 0; i < 20 && !(await open.isVisible()); i++) {
      await sup.getByTestId('load-more').click();
      await tableReady(sup);
    }
    await shot(sup, 'dispatch');
    await open.click();
    await sup.getByTestId('action-reassign').click();
    await sup.getByTestId('reassign-unit').click();
    await sup.locator('.el-select-dropdown__item:visible', { hasText: '教务处' }).first().click();
    await sup.getByTestId('act-reason').fill('转教务处办理');
    await shot(sup, 'reassign');
    await sup.getByTestId('act-submit').click();
    await expect.poll(() => sup.getByTestId('ticket-unit').innerText()).toBe('教务处');
    expect(await sup.getByTestId('ticket-status').innerText()).toBe('待受理');
    await shot(sup, 'reassigned');
    await sup.context().close();
  });

  it('an admin adds a day off in the calendar and a deadline moves', async () => {
    const admin = await signIn('admin');
    await admin.getByTestId('nav-calendar').click();
    await admin.waitForURL(/admin\/calendar/);
    await admin.locator('.cell').first().waitFor();
    await admin.getByTestId('due-compute').click();
    const result = admin.getByTestId('due-result');
    await result.waitFor();
    const before = (await result.getAttribute('data-due')) as string;
    const dueDate = before.slice(0, 10);
    const cell = admin.locator(`.cell[data-date="${dueDate}"]`);
    if (!(await cell.isVisible())) await admin.getByTestId('cal-next').click();
    expect(await cell.getAttribute('data-kind')).not.toMatch(/weekend|holiday|ownOff/);
    await cell.click();
    await admin.getByTestId('day-off').click();
    await admin.locator('#day-note').fill('校庆');
    await admin.getByTestId('day-save').click();
    await expect.poll(() => cell.getAttribute('data-kind')).toBe('ownOff');
    await expect.poll(() => result.getAttribute('data-due')).not.toBe(before);
    const after = (await result.getAttribute('data-due')) as string;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    await admin.waitForFunction(() => !document.querySelector('.el-loading-mask'));
    await shot(admin, 'calendar');
    // The server agrees (GET /api/calendar/due).
    const from = new Date(`${before.slice(0, 8)}01T10:00:00+08:00`).toISOString();
    const r = await admin.evaluate(
      async (f) => (await fetch(`/api/calendar/due?from=${encodeURIComponent(f)}&days=3`)).json(),
      from,
    );
    expect(r.due).toBe(after);
    await admin.context().close();
  });

  it('a leader gives an instruction (批示) on an escalated request and finds it in the instructions list', async () => {
    expect(passwords.has('leader'), 'demo password of leader').toBe(true);
    const leader = await signIn('leader');
    await leader.waitForURL(/\/console\/escalated/);
    await tableReady(leader);
    await leader.locator('[data-testid=ticket-table] tbody tr').first().waitFor();
    const rows = leader.locator('[data-testid=ticket-table] tbody tr');
    let ref = '';
    for (let i = 0; i < (await rows.count()) && !ref; i++) {
      const btn = rows.nth(i).locator('td').first().getByRole('button');
      await btn.click();
      await leader.getByTestId('ticket-status').waitFor();
      if (await leader.getByTestId('action-instruct').isVisible()) ref = ((await btn.textContent()) ?? '').trim();
      else await leader.keyboard.press('Escape');
    }
    expect(ref, 'an escalated request the leader may instruct').not.toBe('');
    const text = `请本周内解决并报告结果 ${Date.now().toString(36)}`;
    await leader.getByTestId('action-instruct').click();
    await leader.getByTestId('act-text').fill(text);
    await leader.getByTestId('act-submit').click();
    await leader.getByTestId('action-dialog').waitFor({ state: 'hidden' });
    await leader.keyboard.press('Escape');

    await leader.getByTestId('nav-instructions').click();
    await leader.waitForURL(/\/console\/instructions/);
    const first = leader.locator('[data-testid=instruction-table] tbody tr').first();
    await expect.poll(() => first.textContent()).toContain(text);
    expect(await first.textContent()).toContain(ref);
    await shot(leader, 'instructions');
    await first.getByRole('button', { name: new RegExp(ref) }).click();
    await leader.getByTestId('ticket-status').waitFor();
    await expect.poll(() => leader.getByTestId('ticket-drawer').last().textContent()).toContain(text);
    await leader.context().close();

    // The supervisors see it too.
    const sup = await signIn('supervisor');
    await sup.getByTestId('nav-instructions').click();
    await expect.poll(() => sup.locator('[data-testid=instruction-table] tbody').textContent()).toContain(text);
    await sup.context().close();
  });

  it('an admin resets a user’s password from the users page', async () => {
    const admin = await signIn('admin');
    await admin.getByTestId('nav-users').click();
    await admin.waitForURL(/admin\/users/);
    await admin.getByLabel('按用户名或姓名搜索').first().fill('staff');
    await admin.getByRole('button', { name: '搜索' }).click();
    const reset = admin.getByTestId('reset-password-staff');
    await reset.click();
    const dialog = admin.getByRole('dialog', { name: /staff/ });
    await dialog.waitFor();
    await admin.getByTestId('new-password').fill('short');
    await admin.getByTestId('confirm-password').fill('short');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => dialog.textContent()).toContain('密码至少 8 位');
    await admin.getByTestId('generate-password').click();
    const password = await admin.getByTestId('new-password').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
    await shot(admin, 'reset-password');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.locator('.el-message--success').waitFor();

    const login = (pw: string) =>
      fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'staff', password: pw }),
      }).then((r) => r.status);
    expect(await login(password)).toBe(200);
    if (passwords.has('staff')) expect(await login(passwords.get('staff') as string)).toBe(401);
    await admin.context().close();
  });

  it('in en-US the console pages show no Chinese (apart from user data)', async () => {
    const admin = await signIn('admin', 'en-US');
    const offenders: string[] = [];
    const check = async (where: string) => {
      await admin.waitForFunction(() => !document.querySelector('.el-loading-mask'));
      const found: string[] = await admin.evaluate((re) => {
        const cjk = new RegExp(re);
        const out: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || el.closest('[data-user], [lang="zh-CN"], script, style')) continue;
          if (cjk.test(n.textContent ?? '')) out.push((n.textContent ?? '').trim());
        }
        for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
          if (el.closest('[data-user], [lang="zh-CN"]')) continue;
          for (const a of ['placeholder', 'aria-label', 'title']) {
            const v = el.getAttribute(a);
            if (v && cjk.test(v)) out.push(`${a}="${v}"`);
          }
        }
        if (cjk.test(document.title)) out.push(`title: ${document.title}`);
        return out;
      }, CJK.source);
      for (const f of found) offenders.push(`${where}: ${f}`);
    };
    await admin.waitForURL(/\/console\/all/);
    await tableReady(admin);
    await check('all requests');
    await admin
      .locator('[data-testid=ticket-table] tbody tr')
      .first()
      .locator('td')
      .first()
      .getByRole('button')
      .click();
    await admin.getByTestId('ticket-status').waitFor();
    await check('ticket drawer');
    await shot(admin, 'ticket-en');
    await admin.keyboard.press('Escape');
    for (const name of ['units', 'users', 'categories', 'policies', 'calendar']) {
      await admin.getByTestId(`nav-${name}`).click();
      await admin.waitForURL(new RegExp(`admin/${name}`));
      await admin.locator('main table').first().waitFor();
      await check(name);
      if (name === 'calendar' || name === 'users') await shot(admin, `${name}-en`);
    }
    await admin.getByTestId('nav-users').click();
    await admin.waitForURL(/admin\/users/);
    await admin.locator('main table').first().waitFor();
    const resetButton = admin.locator('[data-testid^=reset-password-]').first();
    const username = ((await resetButton.getAttribute('data-testid')) as string).replace('reset-password-', '');
    await resetButton.click();
    await admin.getByRole('dialog', { name: new RegExp(username) }).waitFor();
    await check('reset password');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('nav-instructions').click();
    await admin.waitForURL(/\/console\/instructions/);
    await admin.locator('main table').first().waitFor();
    await check('instructions');
    expect(offenders).toEqual([]);
    await admin.context().close();
  });
});
