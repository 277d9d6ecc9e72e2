/**
 * The console's layout on a common laptop screen and what its tables say, in Chromium against the
 * real server (the demo seed):
 * - the request lists' filter row fits on one row at 1366×800 (the search and reset buttons stay on
 *   it), in zh-CN and en-US, with every filter shown; narrower screens wrap it with the two buttons
 *   kept together;
 * - the users page says what every person is: users with no role grant show their kind
 *   (学生 / 教职工), users with grants their roles;
 * - the new-user and edit-user dialogs let an admin choose the kind: a student created there shows
 *   学生 in the table, and an edit turns them into 教职工.
 * Screenshots go to test-results/screenshots/console-filters-*.png, console-users-kinds-*.png and
 * console-user-dialog-*.png (SCREENSHOTS_DIR overrides).
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/console-layout.test.ts
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

const SHOTS = path.resolve(ROOT, process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots');
if (!hasChromium) console.warn(`SKIPPED test/e2e/console-layout.test.ts: ${CHROMIUM} is missing`);

type Locale = 'zh-CN' | 'en-US';

describe.skipIf(!hasChromium)('console layout (Chromium)', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDemoServer({ prefix: 'nlt-console-layout-' });
    for (const u of ['officer', 'supervisor', 'admin'])
      if (!server.passwords.has(u)) throw new Error(`no password for ${u} in the seed output`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = (username: string, locale: Locale, viewport = { width: 1366, height: 800 }): Promise<Page> =>
    consoleSignIn(browser, server.url, username, server.passwords.get(username) as string, { locale, viewport });

  /** Each item of the filter row: its class, top and bottom edges, left and right (px, rounded). */
  const filterItems = (page: Page) =>
    page.evaluate(() =>
      [...(document.querySelector('[data-testid=filters]') as HTMLElement).children].map((el) => {
        const r = el.getBoundingClientRect();
        return {
          what: el.textContent?.trim().slice(0, 20) ?? '',
          top: Math.round(r.top),
          bottom: Math.round(r.bottom),
          left: Math.round(r.left),
          right: Math.round(r.right),
        };
      }),
    );
  const settled = (page: Page) =>
    page.waitForFunction(() => !document.querySelector('.el-loading-mask') && document.fonts.status === 'loaded');

  // The officer's workbench has no unit filter; the supervisor's "all requests" shows every filter.
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const [user, inbox] of [
      ['officer', 'workbench'],
      ['supervisor', 'all'],
    ] as const)
      it(`${inbox} (${user}, ${locale}): the filters and both buttons fit on one row at 1366×800`, async () => {
        const page = await signIn(user, locale);
        await page.goto(`${server.url}/console/${inbox}`);
        await page.getByTestId('filters').waitFor();
        await page.getByTestId('filter-reset').waitFor();
        await settled(page);
        await page.screenshot({ path: path.join(SHOTS, `console-filters-1366-${locale}-${inbox}.png`) });
        const items = await filterItems(page);
        expect(items.length).toBeGreaterThanOrEqual(6);
        // One row: every item ends on the same line (they are aligned at the bottom).
        expect(new Set(items.map((i) => i.bottom)).size, JSON.stringify(items)).toBe(1);
        const form = await page.getByTestId('filters').boundingBox();
        expect(Math.max(...items.map((i) => i.right))).toBeLessThanOrEqual(
          Math.ceil((form?.x ?? 0) + (form?.width ?? 0)),
        );

        // A chosen date range is still readable in full in the compact picker.
        const [from, to] = [page.locator('.el-range-input').first(), page.locator('.el-range-input').last()];
        await from.click();
        await from.fill('2026-11-01');
        await to.fill('2026-11-30');
        await to.press('Enter');
        await page.keyboard.press('Escape');
        await expect.poll(() => from.inputValue()).toBe('2026-11-01');
        const clipped = await page.$$eval('.el-range-input', (els) =>
          els.map((e) => (e as HTMLInputElement).scrollWidth > (e as HTMLInputElement).clientWidth),
        );
        expect(clipped).toEqual([false, false]);
        await page.context().close();
      });

  it('narrower screens wrap the filter row, the search and reset buttons staying together', async () => {
    for (const width of [1024, 800]) {
      const page = await signIn('supervisor', 'en-US', { width, height: 800 });
      await page.goto(`${server.url}/console/all`);
      await page.getByTestId('filter-reset').waitFor();
      await settled(page);
      await page.screenshot({ path: path.join(SHOTS, `console-filters-${width}-en-US-all.png`) });
      const search = await page.getByTestId('filter-search').boundingBox();
      const reset = await page.getByTestId('filter-reset').boundingBox();
      expect(Math.round(search?.y ?? -1)).toBe(Math.round(reset?.y ?? -2));
      const form = await page.getByTestId('filters').boundingBox();
      for (const i of await filterItems(page))
        expect(i.right, i.what).toBeLessThanOrEqual(Math.ceil((form?.x ?? 0) + (form?.width ?? 0)));
      await page.context().close();
    }
  });

  for (const [locale, expected] of [
    ['zh-CN', { student: '学生', staff: '教职工', officer: '信息员' }],
    ['en-US', { student: 'Student', staff: 'Staff', officer: 'Officer' }],
  ] as const)
    it(`users page (${locale}): users without a role show their kind, the others their roles`, async () => {
      const admin = await signIn('admin', locale);
      await admin.goto(`${server.url}/console/admin/users`);
      const rows = admin.locator('main table tbody tr');
      await rows.first().waitFor();
      await settled(admin);
      // Every row of the first page (the demo's students come first) says something in that column.
      const cells = await rows.evaluateAll((trs) =>
        trs.map((r) => ({
          user: r.querySelector('td')?.textContent?.trim(),
          role: r.querySelectorAll('td')[2]?.textContent?.trim(),
        })),
      );
      expect(cells.length).toBeGreaterThan(5);
      expect(cells.filter((c) => !c.role)).toEqual([]);
      const roleOf = async (username: string) => {
        await admin.locator('main form[role=search] input').first().fill(username);
        await admin.locator('main form[role=search] button[type=submit]').click();
        const row = rows.filter({ has: admin.getByRole('cell', { name: username, exact: true }) });
        await row.waitFor();
        await settled(admin);
        return ((await row.locator('td').nth(2).textContent()) ?? '').trim();
      };
      expect(await roleOf('student')).toBe(expected.student);
      expect(await roleOf('staff')).toBe(expected.staff);
      expect(await roleOf('officer')).toContain(expected.officer);
      await admin.screenshot({ path: path.join(SHOTS, `console-users-kinds-${locale}.png`) });
      await admin.context().close();
    });

  it('an admin creates a student from the new-user dialog (学生 in the table), then makes them staff', async () => {
    const admin = await signIn('admin', 'zh-CN');
    await admin.goto(`${server.url}/console/admin/users`);
    const rows = admin.locator('main table tbody tr');
    await rows.first().waitFor();
    await settled(admin);

    await admin.getByRole('button', { name: '新增用户' }).click();
    const dialog = admin.getByRole('dialog', { name: '新增用户' });
    await dialog.waitFor();
    const kind = (label: string) => dialog.getByRole('radio', { name: label, exact: true });
    // A new account is a student until it is given a role; then staff, unless the admin chose.
    expect(await kind('学生').isChecked()).toBe(true);
    expect(await kind('教职工').isChecked()).toBe(false);
    await dialog.getByRole('button', { name: '添加角色' }).click();
    expect(await kind('教职工').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: '删除此角色 1' }).click();
    expect(await kind('学生').isChecked()).toBe(true);

    await dialog.locator('#u-name').fill('e2e.student');
    await dialog.locator('#u-display').fill('测试同学');
    await dialog.locator('#u-pass').fill('a-good-secret-1');
    await dialog.getByTestId('user-kind-staff').click();
    await dialog.getByTestId('user-kind-student').click();
    expect(await kind('学生').isChecked()).toBe(true);
    // The whole dialog (with its kind choice) fits the 1366×800 screen.
    const box = await admin.locator('.el-dialog').boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(800);
    await admin.screenshot({ path: path.join(SHOTS, 'console-user-dialog-zh-CN.png') });
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const kindOf = async (username: string) => {
      await admin.locator('main form[role=search] input').first().fill(username);
      await admin.locator('main form[role=search] button[type=submit]').click();
      const row = rows.filter({ has: admin.getByRole('cell', { name: username, exact: true }) });
      await row.waitFor();
      await settled(admin);
      return row;
    };
    let row = await kindOf('e2e.student');
    expect(((await row.locator('td').nth(2).textContent()) ?? '').trim()).toBe('学生');

    await row.getByRole('button', { name: '编辑 e2e.student' }).click();
    const edit = admin.getByRole('dialog', { name: '编辑用户' });
    await edit.waitFor();
    expect(await edit.getByRole('radio', { name: '学生', exact: true }).isChecked()).toBe(true);
    await edit.getByTestId('user-kind-staff').click();
    await expect.poll(() => edit.getByRole('radio', { name: '教职工', exact: true }).isChecked()).toBe(true);
    // The screenshot after the radio's and the message's transitions end.
    await admin.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await admin.screenshot({ path: path.join(SHOTS, 'console-user-dialog-edit-zh-CN.png') });
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'hidden' });
    row = await kindOf('e2e.student');
    await expect.poll(async () => ((await row.locator('td').nth(2).textContent()) ?? '').trim()).toBe('教职工');
    await admin.context().close();
  });
});
