/**
 * The phone app end to end, in Debian's Chromium at 375×667 against the real server:
 * a student submits a request with a photo → sees it in "my requests" → the officer of the
 * unit accepts and resolves it on the phone → the student rates it. Then the en-US switch:
 * no Chinese text on the app's own pages (user content excepted, marked data-uc).
 * Screenshots: docs/screenshots/mobile-*.png.
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/mobile.test.ts
 * (the default config leaves test/e2e out of `npm test`). Builds the web app first when
 * dist/web is missing, or always with E2E_BUILD=1.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type DemoServer, hasChromium, launchChromium, ROOT, startDemoServer } from './harness.ts';

// Screenshots are artifacts in test-results/; SCREENSHOTS_DIR=docs/screenshots refreshes the README's.
const SHOTS = path.resolve(ROOT, process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots');
if (!hasChromium) console.warn(`SKIPPED test/e2e/mobile.test.ts: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('phone app (Chromium, 375×667)', () => {
  let server: DemoServer;
  let base = '';
  let browser: Browser;
  let passwords = new Map<string, string>();
  const title = `3号楼402水龙头漏水 e2e ${Date.now().toString(36)}`;
  let ticketPath = '';
  let photo = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDemoServer({ prefix: 'nlt-e2e-' });
    base = server.url;
    passwords = server.passwords;
    expect(passwords.get('student'), 'demo password of student').toBeTruthy();
    expect(passwords.get('officer'), 'demo password of officer').toBeTruthy();

    // A large photo, so the in-browser compression (≤ 1600 px JPEG) has work to do.
    photo = path.join(server.dataDir, 'tap.jpg');
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .jpeg()
      .toFile(photo);

    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function phone(locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await ctx.addInitScript((l) => localStorage.setItem('nlt.locale', l), locale);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    return { ctx, page };
  }

  async function signIn(page: Page, username: string) {
    await page.goto(`${base}/`);
    await page.waitForURL(/#\/login/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', passwords.get(username) as string);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=category]');
  }

  async function noHorizontalScroll(page: Page) {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(w, 'page is no wider than the phone').toBeLessThanOrEqual(375);
  }

  const shot = async (page: Page, name: string) => {
    // let a success toast fade out first, so it does not cover the screen
    await page.waitForSelector('.van-toast', { state: 'hidden', timeout: 5_000 }).catch((e: unknown) => {
      console.warn(`toast still shown before screenshot ${name}:`, e);
    });
    await page.screenshot({ path: path.join(SHOTS, `mobile-${name}.png`) });
  };

  it('a student submits a request with a photo and sees it in the list', async () => {
    const { ctx, page } = await phone();
    await signIn(page, 'student');
    await noHorizontalScroll(page);
    await shot(page, 'home');

    await page.locator('[data-test=category]', { hasText: '后勤维修' }).click();
    await page.waitForURL(/#\/submit/);
    await expect.poll(() => page.inputValue('[data-test=category-field] input')).not.toBe('');
    // Each picker field is one tab stop: from the category field, Tab goes to the unit field.
    await page.locator('[data-test=category-field]').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('unit-field');
    // Submitted empty: a message under the title and the description, each gone once its field is filled in.
    await page.click('[data-test=submit]');
    const fieldMessages = () => page.locator('.van-field__error-message').allTextContents();
    await expect.poll(fieldMessages).toEqual(['请填写标题', '请填写详细描述']);
    await page.fill('[data-test=title] input', title);
    await expect.poll(fieldMessages).toEqual(['请填写详细描述']);
    await page.fill('[data-test=body] textarea', '宿舍3号楼402卫生间水龙头一直滴水，已经两天了。');
    await expect.poll(fieldMessages).toEqual([]);
    await page.fill('[data-test=place] input', '东湖3号楼 402');
    await page.setInputFiles('input[type=file]', photo);
    // compressed in the browser and uploaded: the preview's mask disappears when done
    await page.waitForSelector('.van-uploader__preview');
    await page.waitForSelector('.van-uploader__mask', { state: 'detached', timeout: 20_000 });
    await noHorizontalScroll(page);
    await shot(page, 'submit');

    const [submitted] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/tickets') && r.method() === 'POST'),
      page.click('[data-test=submit]'),
    ]);
    const body = submitted.postDataJSON() as { photoIds?: string[] };
    expect(body.photoIds?.length).toBe(1);
    expect(submitted.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForURL(/#\/tickets\//);
    ticketPath = new URL(page.url()).hash;
    await expect.poll(() => page.textContent('[data-test=ticket-title]')).toBe(title);
    await page.waitForSelector('[data-test=photos] img');
    await shot(page, 'ticket');

    await page.goto(`${base}/#/mine`);
    await page.waitForSelector('[data-test=ticket-item]');
    expect(await page.locator('[data-test=ticket-item]').first().textContent()).toContain(title);
    await noHorizontalScroll(page);
    await shot(page, 'list');
    await ctx.close();
  }, 90_000);

  it('the officer accepts and resolves it on the phone', async () => {
    const { ctx, page } = await phone();
    await signIn(page, 'officer');
    await page.goto(`${base}/#/inbox`);
    await page.waitForSelector('[data-test=ticket-item]');
    await noHorizontalScroll(page);
    await shot(page, 'inbox');

    await page.goto(`${base}/${ticketPath}`);
    await page.click('[data-action=accept]');
    await page.waitForSelector('[data-action=resolve]');
    await page.click('[data-action=resolve]');
    await page.fill('[data-test=sheet-text] textarea', '已更换水龙头阀芯，请确认。');
    await shot(page, 'resolve');
    await page.click('[data-test=sheet-submit]');
    await page.waitForSelector('[data-action=resolve]', { state: 'detached' });
    await expect.poll(() => page.textContent('.ticket__tags')).toContain('已办结');
    await shot(page, 'officer');
    await ctx.close();
  }, 60_000);

  it('the student rates it', async () => {
    const { ctx, page } = await phone();
    await signIn(page, 'student');
    await page.goto(`${base}/${ticketPath}`);
    await page.click('[data-action=rate]');
    // The sheet starts empty (no stars, no answer), and refuses to submit until all three are given.
    await page.waitForSelector('[data-test=rate-attitude]');
    expect(await page.locator('.van-popup .van-rate__icon--full').count()).toBe(0);
    expect(await page.locator('.van-popup [role=radio][aria-checked=true]').count()).toBe(0);
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/rate')) posted += 1;
    });
    const sheetMessages = () => page.locator('.van-popup .van-field__error-message').allTextContents();
    await page.click('[data-test=sheet-submit]');
    await expect
      .poll(sheetMessages)
      .toEqual(['请为服务态度打分（1–5 星）', '请为办理质量打分（1–5 星）', '请选择问题是否已解决']);
    await page.locator('[data-test=rate-attitude] .van-rate__item').nth(3).click();
    await page.locator('[data-test=rate-quality] .van-rate__item').nth(4).click();
    await page.click('[data-test=sheet-submit]');
    await expect.poll(sheetMessages).toEqual(['请选择问题是否已解决']);
    expect(posted, 'nothing is sent until the three answers are given').toBe(0);
    await page.locator('.van-popup').getByRole('radio', { name: '已解决' }).click();
    await expect.poll(sheetMessages).toEqual([]);
    await shot(page, 'rate');
    await page.click('[data-test=sheet-submit]');
    await page.waitForSelector('[data-action=rate]', { state: 'detached' });
    await expect.poll(() => page.textContent('.ticket__facts')).toContain('4');
    await shot(page, 'rated');
    await ctx.close();
  }, 60_000);

  it('in en-US the app’s own pages show no Chinese (user content aside)', async () => {
    const { ctx, page } = await phone('en-US');
    await page.goto(`${base}/`);
    await page.waitForSelector('input[name=username]');
    const chinese = async (where: string) => {
      await page.waitForTimeout(300);
      const text = await page.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement;
        // user content, and the switch back to Chinese, which rightly says 中文
        for (const el of clone.querySelectorAll('[data-uc], [data-test=lang]')) el.remove();
        return clone.innerText;
      });
      const found = text.match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+/g);
      expect(found, `Chinese on ${where}: ${found?.join(' ')}`).toBeNull();
    };
    await chinese('sign-in');
    await page.fill('input[name=username]', 'student');
    await page.fill('input[name=password]', passwords.get('student') as string);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=category]');
    await chinese('home');
    await shot(page, 'home-en');
    await page.goto(`${base}/#/submit`);
    await page.waitForSelector('[data-test=title]');
    await chinese('submit');
    await page.goto(`${base}/#/mine`);
    await page.waitForSelector('[data-test=ticket-item]');
    await chinese('my requests');
    await page.goto(`${base}/${ticketPath}`);
    await page.waitForSelector('[data-test=ticket-title]');
    await chinese('request');
    await shot(page, 'ticket-en');
    await ctx.close();
  }, 60_000);
});
