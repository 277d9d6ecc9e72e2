/**
 * The console's admin forms and its request tables after the QA pass of the web app, in
 * Chromium at 1366×800 against the real server (the demo seed):
 * - Enter in a field of an admin dialog saves it (the dialog's Save is its form's submit button);
 * - the server's validation messages for a field are shown once, under that field, and the alert
 *   above only says to correct the marked fields (no raw list of keys);
 * - 新增规则 opens a dialog titled 新增规则, not 编辑规则;
 * - a refused official schedule lists the server's message for each bad line;
 * - en-US: status tags are shown in full, the deadline column names each deadline, and the
 *   timeline labels an internal note "Note" (not "Answer");
 * - neither app asks for /favicon.ico (each has an inline icon).
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/console-forms.test.ts
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiFor,
  CHROMIUM,
  consoleSignIn,
  type DemoServer,
  hasChromium,
  launchChromium,
  startDemoServer,
} from './harness.ts';

if (!hasChromium) console.warn(`SKIPPED test/e2e/console-forms.test.ts: ${CHROMIUM} is missing`);

type Locale = 'zh-CN' | 'en-US';

describe.skipIf(!hasChromium)('console forms and tables (Chromium, 1366×800)', () => {
  let server: DemoServer;
  let browser: Browser;
  const tag = Date.now().toString(36).slice(-5).toUpperCase();

  beforeAll(async () => {
    server = await startDemoServer({ prefix: 'nlt-e2e-forms-' });
    for (const u of ['officer', 'admin'])
      if (!server.passwords.has(u)) throw new Error(`no password for ${u} in the seed output`);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in; `notFound` collects the URLs answered 404 from then on. */
  const signIn = (username: string, locale: Locale = 'zh-CN', notFound: string[] = []): Promise<Page> =>
    consoleSignIn(browser, server.url, username, server.passwords.get(username) as string, {
      locale,
      watch: (page) =>
        page.on('response', (r) => {
          if (r.status() === 404) notFound.push(r.url());
        }),
    });

  it('Enter saves an admin dialog; a bad e-mail is said once, under its field; 新增规则 is titled so', async () => {
    const notFound: string[] = [];
    const page = await signIn('admin', 'zh-CN', notFound);

    // A new unit saved with Enter in its last text field.
    await page.getByTestId('nav-units').click();
    await page.getByTestId('unit-add').click();
    const code = `E2E${tag}`;
    await page.locator('#unit-code').fill(code);
    await page.locator('#unit-zh').fill(`回车保存测试 ${tag}`);
    await page.locator('#unit-en').fill(`Enter test ${tag}`);
    await page.locator('#unit-en').press('Enter');
    await page.locator('#unit-code').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.el-table td', { hasText: code }).count()).toBeGreaterThan(0);

    // A bad e-mail: one message under 邮箱, none repeated; the alert only asks to correct the fields.
    await page.getByTestId('nav-users').click();
    await page.getByRole('button', { name: '新增用户' }).click();
    await page.locator('#u-name').fill(`mail${tag.toLowerCase()}`);
    await page.locator('#u-display').fill('邮箱测试');
    await page.getByTestId('user-email').fill('not-an-email');
    await page.getByTestId('user-email').press('Enter');
    const emailError = page.locator('[data-testid=user-email-item] .el-form-item__error');
    await emailError.waitFor();
    const message = (await emailError.innerText()).trim();
    expect(message).not.toBe('');
    const sentences = message.split(/(?<=[。.])\s*/).filter(Boolean);
    expect(new Set(sentences).size, `said once: ${message}`).toBe(sentences.length);
    const alert = (await page.locator('.el-dialog .el-alert').innerText()).trim();
    expect(alert).toBe('请按提示修改标红的项。');
    // Changing the field takes its message away.
    await page.getByTestId('user-email').fill('mail@example.edu.cn');
    await emailError.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');

    // 新增规则 → a dialog titled 新增规则.
    await page.getByTestId('nav-policies').click();
    await page.getByRole('button', { name: '新增规则' }).click();
    await expect.poll(() => page.locator('.el-dialog__title').innerText()).toBe('新增规则');
    await page.keyboard.press('Escape');

    // The console's icon is inline: no request for /favicon.ico.
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    expect(notFound.filter((u) => u.includes('favicon'))).toEqual([]);
    await page.context().close();
  });

  for (const [locale, lines] of [
    ['zh-CN', ['第 1 行：日期无效。', '第 2 行：']],
    ['en-US', ['Line 1: invalid date.', 'Line 2: ']],
  ] as const)
    it(`a refused official schedule lists each bad line (${locale})`, async () => {
      const page = await signIn('admin', locale);
      await page.getByTestId('nav-calendar').click();
      await page.getByTestId('schedule-text').fill('2027-13-01 off 错误\nhello\n2027-01-01 off 元旦');
      await page.getByTestId('schedule-load').click();
      const listed = page.getByTestId('schedule-lines').locator('li');
      await expect.poll(() => listed.count()).toBe(2);
      const texts = await listed.allInnerTexts();
      expect(texts[0]).toBe(lines[0]);
      expect(texts[1]).toContain(lines[1]);
      await page.context().close();
    });

  // Past years, each complete in the data package, so that no deadline still running moves.
  for (const [locale, year, reason, question, replace, loaded] of [
    ['zh-CN', 2024, '2024 年的官方安排目前是完整的', '确定要替换吗？', '仍然替换', '已导入 2024 年'],
    ['en-US', 2025, 'The official schedule for 2025 is complete now', 'Replace them?', 'Replace anyway', 'Loaded 2025'],
  ] as const)
    it(`a schedule that would leave a complete year partial asks first, each reason on its own line (${locale})`, async () => {
      const page = await signIn('admin', locale);
      await page.getByTestId('nav-calendar').click();
      await page.getByTestId('schedule-text').fill(`${year}-01-01 off 元旦`);
      await page.getByTestId('schedule-load').click();
      const lines = page.locator('.el-message-box [data-testid=replace-incomplete-text] p');
      await expect.poll(() => lines.count()).toBe(2);
      const [first, second] = await lines.allInnerTexts();
      expect(first).toContain(reason);
      expect(second).toContain(question);
      await page.locator('.el-message-box').getByRole('button', { name: replace }).click();
      await expect
        .poll(() => page.locator('.el-message').allInnerTexts())
        .toEqual(expect.arrayContaining([expect.stringContaining(loaded)]));
      await page.context().close();
    });

  it('en-US tables: status tags in full, each deadline named, a note labelled "Note"', async () => {
    // An internal note on one of the unit's requests.
    const officerApi = await apiFor(server.url, 'officer', server.passwords.get('officer') as string);
    const inbox = await officerApi<{ items: { id: string; ref: string; allowedActions: string[] }[] }>(
      'GET',
      '/api/tickets?inbox=unit&limit=50',
    );
    const target = inbox.items.find((t) => t.allowedActions.includes('note'));
    if (!target) throw new Error('no request of the unit takes a note');
    const noteText = `internal note ${tag}`;
    await officerApi('POST', `/api/tickets/${target.id}/note`, { text: noteText });

    const page = await signIn('officer', 'en-US');
    await page.getByTestId('ticket-table').locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=ticket-table] .el-loading-mask'));
    // Every status tag fits inside its cell.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=ticket-table] tbody .el-tag')]
        .filter((tag) => {
          const cell = tag.closest('.cell') as HTMLElement;
          return (
            tag.scrollWidth > tag.clientWidth + 1 ||
            tag.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1
          );
        })
        .map((tag) => tag.textContent),
    );
    expect(cut).toEqual([]);
    // The column says "Next deadline"; each cell names the deadline it shows.
    expect(await page.locator('.el-table__header th', { hasText: 'Next deadline' }).count()).toBe(1);
    const kinds = new Set(await page.getByTestId('due-kind').allInnerTexts());
    expect(kinds.size).toBeGreaterThan(0);
    for (const k of kinds) expect(['Accept by', 'To be dispatched by', 'Resolve by']).toContain(k);

    // The note in the drawer's timeline is labelled as a note.
    await page.getByTestId('filter-q').fill(target.ref);
    await page.getByTestId('filter-search').click();
    const drawer = page.getByTestId('ticket-drawer');
    await expect.poll(() => drawer.textContent()).toContain(noteText);
    const label = await drawer
      .locator('.el-timeline-item', { hasText: noteText })
      .locator('dd', { hasText: noteText })
      .evaluate((dd) => dd.previousElementSibling?.textContent?.trim());
    expect(label).toBe('Note');
    await page.context().close();
  });
});
