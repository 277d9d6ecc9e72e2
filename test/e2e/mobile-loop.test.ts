/**
 * The rest of the closed loop on the phone (Chromium, 375×667, the real server):
 * - similar answered requests while typing (GET /api/tickets/similar): one's own opens, a
 *   published one shows its answer;
 * - officer asks for information → student provides it → interim reply with a promised date →
 *   resolved → student unsatisfied, reopens; a student withdraws a request;
 * - a submission whose answer is lost on the way back is retried with the same Idempotency-Key
 *   and makes exactly one ticket;
 * - the officer's inbox shows the working days left as the server's calendar counts them.
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/mobile-loop.test.ts
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type DemoServer, hasChromium, launchChromium, ROOT, startDemoServer } from './harness.ts';

// Screenshots are artifacts in test-results/; SCREENSHOTS_DIR=docs/screenshots refreshes the README's.
const SHOTS = path.resolve(ROOT, process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `mobile-${name}.png`) });

if (!hasChromium) console.warn(`SKIPPED test/e2e/mobile-loop.test.ts: ${CHROMIUM} is missing`);

interface Ticket {
  id: string;
  ref: string;
  title: string;
  status: string;
  reopenCount: number;
  workingDaysLeft: number | null;
  category: { id: string } | null;
}

/** A signed-in API client for setting the scene and checking the server's side. */
class Api {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signIn(base: string, username: string, password: string): Promise<Api> {
    const r = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!r.ok) throw new Error(`sign-in of ${username}: ${r.status} ${await r.text()}`);
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return new Api(base, cookie, ((await r.json()) as { csrfToken: string }).csrfToken);
  }

  async req<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.status === 204 ? null : await r.json()) as T;
  }

  async ticket(id: string): Promise<Ticket> {
    return (await this.req<{ ticket: Ticket }>('GET', `/api/tickets/${id}`)).ticket;
  }
}

describe.skipIf(!hasChromium)('phone app: the rest of the loop (Chromium, 375×667)', () => {
  let server: DemoServer;
  let base = '';
  let browser: Browser;
  let api: Record<'student' | 'staff' | 'officer' | 'admin', Api>;
  let repairCategoryId = '';
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDemoServer({ prefix: 'nlt-e2e-loop-' });
    base = server.url;
    const pw = (u: string) => {
      const p = server.passwords.get(u);
      if (!p) throw new Error(`no demo password for ${u}`);
      return p;
    };
    api = {
      student: await Api.signIn(base, 'student', pw('student')),
      staff: await Api.signIn(base, 'staff', pw('staff')),
      officer: await Api.signIn(base, 'officer', pw('officer')),
      admin: await Api.signIn(base, 'admin', pw('admin')),
    };
    const categories = await api.student.req<{ id: string; nameZh: string }[]>('GET', '/api/categories');
    repairCategoryId = categories.find((c) => c.nameZh === '后勤维修')?.id ?? '';
    expect(repairCategoryId, 'the demo category 后勤维修').not.toBe('');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function phone(
    username: string,
    locale: 'zh-CN' | 'en-US' = 'zh-CN',
  ): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await ctx.addInitScript((l) => localStorage.setItem('nlt.locale', l), locale);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`${base}/`);
    await page.waitForURL(/#\/login/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', server.passwords.get(username) as string);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=category]');
    return { ctx, page };
  }

  async function submit(by: Api, title: string, extra: Record<string, unknown> = {}): Promise<Ticket> {
    return by.req<Ticket>('POST', '/api/tickets', {
      categoryId: repairCategoryId,
      title,
      body: `${title}，请尽快处理。`,
      ...extra,
    });
  }

  async function resolveByOfficer(id: string, text: string) {
    await api.officer.req('POST', `/api/tickets/${id}/accept`, {});
    await api.officer.req('POST', `/api/tickets/${id}/resolve`, { outcome: 'resolved', text });
  }

  /** Opens a request on the phone and performs one action through its sheet. */
  async function act(page: Page, action: string, fill?: (sheet: ReturnType<Page['locator']>) => Promise<void>) {
    await page.click(`[data-action=${action}]`);
    const sheet = page.locator('form.sheet');
    await sheet.waitFor();
    await fill?.(sheet);
    await page.click('[data-test=sheet-submit]');
    await sheet.waitFor({ state: 'detached' });
  }

  const statusText = (page: Page) => page.textContent('.ticket__tags');

  /** No Chinese on the page apart from user content (marked data-uc) and the language switch. */
  async function noChinese(page: Page, where: string) {
    const text = await page.evaluate(() => {
      const clone = document.body.cloneNode(true) as HTMLElement;
      for (const el of clone.querySelectorAll('[data-uc], [data-test=lang], script, style')) el.remove();
      return clone.textContent ?? '';
    });
    const found = text.match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]+/g);
    expect(found, `Chinese on ${where}: ${found?.join(' ')}`).toBeNull();
  }

  it('lists similar answered requests while typing: one’s own opens, a published one shows its answer', async () => {
    const published = await submit(api.staff, `图书馆空调不制冷 ${tag}`, { publishConsent: true });
    await resolveByOfficer(published.id, '已为图书馆三楼空调补充冷媒，现已恢复制冷。');
    const own = await submit(api.student, `图书馆空调漏水 ${tag}`);
    await resolveByOfficer(own.id, '已疏通空调冷凝水管。');
    const unpublished = await submit(api.staff, `图书馆空调噪音大 ${tag}`, { publishConsent: false });
    await resolveByOfficer(unpublished.id, '已检修风机。');

    const { ctx, page } = await phone('student');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/tickets?') || r.url().includes('/api/tickets/similar')) asked.push(r.url());
    });
    await page.goto(`${base}/#/submit`);
    await page.waitForSelector('[data-test=title] input');
    const answered = page.waitForResponse((r) => r.url().includes('/api/tickets/similar?'));
    await page.locator('[data-test=title] input').pressSequentially('图书馆空调', { delay: 60 });
    await answered;
    const items = page.locator('[data-test=similar-item]');
    await items.filter({ hasText: published.title }).waitFor();
    await items.filter({ hasText: own.title }).waitFor();
    expect(await items.filter({ hasText: unpublished.title }).count(), 'unpublished answers stay hidden').toBe(0);
    await shot(page, 'similar');
    // Debounced: one search for the whole word typed, and only through the similar endpoint.
    expect(asked.filter((u) => u.includes('/api/tickets/similar')).length).toBe(1);
    expect(asked.filter((u) => u.includes('/api/tickets?'))).toEqual([]);
    const url = new URL(asked[0] as string);
    expect(url.searchParams.get('q')).toBe('图书馆空调');

    // Someone else's request: its public answer, no page of its own to open.
    await items.filter({ hasText: published.title }).click();
    const answer = page.locator('[data-test=similar-answer]');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('已为图书馆三楼空调补充冷媒');
    await shot(page, 'similar-answer');
    expect(page.url()).toMatch(/#\/submit/);
    await page.locator('.van-popup__close-icon').click();
    await answer.waitFor({ state: 'detached' });

    // One's own request opens.
    await items.filter({ hasText: own.title }).click();
    await page.waitForURL(new RegExp(`#/tickets/${own.id}`));
    await expect.poll(() => page.textContent('[data-test=ticket-title]')).toBe(own.title);
    await ctx.close();

    // In en-US the list and the answer sheet speak English (the requests' own texts aside).
    const en = await phone('student', 'en-US');
    await en.page.goto(`${base}/#/submit`);
    await en.page.locator('[data-test=title] input').fill('图书馆空调');
    const enItem = en.page.locator('[data-test=similar-item]', { hasText: published.title });
    await enItem.waitFor();
    await noChinese(en.page, 'similar requests');
    await enItem.click();
    await en.page.locator('[data-test=similar-answer]').waitFor();
    await noChinese(en.page, 'a published answer');
    await en.ctx.close();
  }, 90_000);

  it('officer asks → student provides → interim reply with a promised date → resolved → unsatisfied, reopened', async () => {
    const t = await submit(api.student, `宿舍楼道灯不亮 ${tag}`);
    const officer = await phone('officer');
    const student = await phone('student');
    const ticketUrl = `${base}/#/tickets/${t.id}`;

    await officer.page.goto(ticketUrl);
    await officer.page.click('[data-action=accept]');
    await officer.page.waitForSelector('[data-action=request_info]');
    await act(officer.page, 'request_info', (s) => s.locator('textarea').fill('请问是几楼的楼道？'));
    await expect.poll(() => statusText(officer.page)).toContain('待补充');

    await student.page.goto(ticketUrl);
    await expect.poll(() => student.page.textContent('.tl')).toContain('请问是几楼的楼道？');
    await act(student.page, 'provide_info', (s) => s.locator('textarea').fill('5楼东侧楼道'));
    await expect.poll(() => statusText(student.page)).toContain('办理中');

    await officer.page.reload();
    await expect.poll(() => officer.page.textContent('.tl')).toContain('5楼东侧楼道');
    // Interim reply, promising the day after tomorrow (picked in the date wheel).
    const promised = new Date(Date.now() + 2 * 86_400_000);
    const day = String(promised.getDate()).padStart(2, '0');
    const month = String(promised.getMonth() + 1).padStart(2, '0');
    await act(officer.page, 'reply_interim', async (s) => {
      await s.locator('textarea').fill('灯具需要采购，预计两天内更换。');
      // Tapping an option of the wheel selects it (dispatched: options away from the middle are
      // clipped by the three-row window, which a real tap would first scroll).
      const columns = s.locator('.van-picker-column');
      await columns.nth(1).locator('.van-picker-column__item', { hasText: month }).dispatchEvent('click');
      await officer.page.waitForTimeout(400);
      await columns.nth(2).locator('.van-picker-column__item', { hasText: day }).first().dispatchEvent('click');
      await officer.page.waitForTimeout(400);
    });
    const afterInterim = await api.officer.req<{ timeline: { type: string; data: { promisedAt?: number } }[] }>(
      'GET',
      `/api/tickets/${t.id}`,
    );
    const interim = afterInterim.timeline.find((e) => e.type === 'interim_replied');
    // The promise ends with the picked day in Asia/Shanghai.
    const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(shanghaiDate(interim?.data.promisedAt as number)).toBe(`${promised.getFullYear()}-${month}-${day}`);
    await expect.poll(() => officer.page.textContent('.tl')).toContain('灯具需要采购');
    await expect.poll(() => officer.page.textContent('.tl')).toContain('承诺办结日期');

    await act(officer.page, 'resolve', (s) => s.locator('textarea').fill('已更换5楼东侧楼道灯。'));
    await expect.poll(() => statusText(officer.page)).toContain('已办结');

    // The student is not satisfied: rates it as not solved, then reopens it.
    await student.page.reload();
    await act(student.page, 'rate', async (s) => {
      await s.locator('[data-test=rate-attitude] .van-rate__item').nth(1).click();
      await s.locator('[data-test=rate-quality] .van-rate__item').nth(0).click();
      await s.getByRole('radio', { name: '未解决' }).click();
      await s.locator('textarea').fill('灯还是不亮。');
    });
    await expect.poll(() => statusText(student.page)).toContain('已关闭');
    await act(student.page, 'reopen', (s) => s.locator('textarea').fill('晚上看灯还是不亮，请再来看看。'));
    await expect.poll(() => statusText(student.page)).toContain('待受理');
    await expect.poll(() => statusText(student.page)).toContain('已重新办理 1 次');
    const reopened = await api.student.ticket(t.id);
    expect(reopened).toMatchObject({ status: 'pending', reopenCount: 1 });
    // The reopened ticket waits for a new rating; the unsatisfied one stays in the timeline.
    const { timeline } = await api.student.req<{ timeline: { type: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/tickets/${t.id}`,
    );
    expect(timeline.map((e) => e.type).slice(-3)).toEqual(['resolved', 'rated', 'reopened']);
    expect(timeline.find((e) => e.type === 'rated')?.data.rating).toMatchObject({
      solved: false,
      attitude: 2,
      quality: 1,
    });
    await officer.ctx.close();
    await student.ctx.close();
  }, 90_000);

  it('says things once and plainly: sign-in error, dispatch deadline, the question asked, a promise not due today', async () => {
    // A wrong password is said once, under the fields: no toast over the form as well.
    const ctx0 = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const login = await ctx0.newPage();
    await login.goto(`${base}/#/login`);
    await login.fill('input[name=username]', 'student');
    await login.fill('input[name=password]', 'not-the-password');
    await login.click('button[type=submit]');
    await login.locator('.login__error').waitFor();
    await login.waitForTimeout(300);
    expect(await login.locator('.van-toast:visible').count(), 'a toast repeating the error').toBe(0);
    await ctx0.close();

    // A request in the supervisors' queue counts down to its dispatch deadline, and says so.
    const categories = await api.student.req<{ id: string; nameZh: string; defaultUnitId: string | null }[]>(
      'GET',
      '/api/categories',
    );
    const other = categories.find((c) => c.nameZh === '其他');
    expect(other?.defaultUnitId ?? null, 'the demo category 其他 goes to dispatch').toBeNull();
    const queued = await submit(api.student, `快递点排队太长 ${tag}`, { categoryId: other?.id });
    expect(queued.status).toBe('dispatch');
    const student = await phone('student');
    await student.page.goto(`${base}/#/mine`);
    const row = student.page.locator('[data-test=ticket-item]', { hasText: queued.title });
    await row.waitFor();
    expect(await row.textContent()).toContain('分派期限');
    expect(await row.textContent()).not.toContain('办理期限：无');
    await student.page.goto(`${base}/#/tickets/${queued.id}`);
    await student.page.locator('[data-test=dispatch-deadline]').waitFor();

    // The student answering a question sees the question in the sheet.
    const asked = await submit(api.student, `自习室插座没电 ${tag}`);
    await api.officer.req('POST', `/api/tickets/${asked.id}/accept`, {});
    await api.officer.req('POST', `/api/tickets/${asked.id}/request-info`, { question: '请问是几号自习室？' });
    await student.page.goto(`${base}/#/tickets/${asked.id}`);
    await act(student.page, 'provide_info', async (s) => {
      expect(await s.locator('[data-test=asked-question]').textContent()).toContain('请问是几号自习室？');
      await s.locator('textarea').fill('302 自习室');
      await student.page.waitForTimeout(400); // the sheet's slide-in
      await shot(student.page, 'provide-info');
    });
    await student.ctx.close();

    // An interim reply sent as the sheet opens promises the current deadline, not today.
    const officer = await phone('officer');
    await officer.page.goto(`${base}/#/tickets/${asked.id}`);
    await act(officer.page, 'reply_interim', (s) => s.locator('textarea').fill('需要电工排查线路。'));
    const { ticket, timeline } = await api.officer.req<{
      ticket: { resolveDueAt: number };
      timeline: { type: string; data: { promisedAt?: number } }[];
    }>('GET', `/api/tickets/${asked.id}`);
    const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const promisedAt = timeline.find((e) => e.type === 'interim_replied')?.data.promisedAt as number;
    expect(shanghaiDate(promisedAt)).not.toBe(shanghaiDate(Date.now()));
    expect(ticket.resolveDueAt).toBe(promisedAt);
    await officer.ctx.close();
  }, 90_000);

  it('the timeline says an urge’s new deadline and the lead and co-handling units (zh-CN and en-US)', async () => {
    const supervisor = await Api.signIn(base, 'supervisor', server.passwords.get('supervisor') as string);
    const t = await submit(api.student, `食堂门口积水 ${tag}`);
    await api.officer.req('POST', `/api/tickets/${t.id}/accept`, {});
    const units = await supervisor.req<{ id: string; code: string }[]>('GET', '/api/units');
    const unitId = (code: string) => units.find((u) => u.code === code)?.id as string;
    await supervisor.req('POST', `/api/tickets/${t.id}/set-co-handlers`, {
      leadUnitId: unitId('HQC'),
      coUnitIds: [unitId('JWC')],
    });
    // The deadline in force, as the new deadline: an urge may not put it off.
    const due = (await api.officer.req<{ ticket: { resolveDueAt: number } }>('GET', `/api/tickets/${t.id}`)).ticket
      .resolveDueAt;
    const deadlineDate = new Date(due + 8 * 3_600_000).toISOString().slice(0, 10);
    await supervisor.req('POST', `/api/tickets/${t.id}/urge`, { message: '请今天派人处理', deadlineDate });
    for (const [locale, urge, lead, co] of [
      ['zh-CN', '新的办理期限: ', '主办单位: 后勤管理处', '协办单位: 教务处'],
      [
        'en-US',
        'New deadline: ',
        'Lead unit: Logistics Management Office',
        'Co-handling units: Academic Affairs Office',
      ],
    ] as const) {
      const { ctx, page } = await phone('officer', locale);
      await page.goto(`${base}/#/tickets/${t.id}`);
      const extras = page.locator('[data-test=timeline-extra]');
      await expect
        .poll(() => extras.allInnerTexts())
        .toEqual(expect.arrayContaining([expect.stringContaining(urge), `${lead}\n${co}`]));
      await ctx.close();
    }
  }, 60_000);

  it('the submit form shows a long unit name in full at phone width (en-US)', async () => {
    const { ctx, page } = await phone('student', 'en-US');
    await page.locator('[data-test=category]', { hasText: 'Repairs and Logistics' }).click();
    await page.waitForURL(/#\/submit/);
    const field = page.locator('[data-test=unit-field]');
    await expect.poll(() => field.locator('input').inputValue()).toContain('Logistics Management Office');
    // Whatever element shows the value, none of it is cut off.
    const clipped = await field.evaluate((f) => {
      const shown = (f.querySelector('[data-test=picker-text]') ?? f.querySelector('input')) as HTMLElement;
      return shown.scrollWidth > shown.clientWidth;
    });
    expect(clipped, 'the unit field cuts its value off').toBe(false);
    await ctx.close();
  }, 60_000);

  it('a student withdraws a request', async () => {
    const t = await submit(api.student, `不需要了：食堂窗口排队 ${tag}`);
    const { ctx, page } = await phone('student');
    await page.goto(`${base}/#/tickets/${t.id}`);
    await page.click('[data-action=withdraw]');
    await page.click('.van-dialog__confirm');
    await expect.poll(() => statusText(page)).toContain('已撤回');
    await page.waitForSelector('[data-action=withdraw]', { state: 'detached' });
    expect((await api.student.ticket(t.id)).status).toBe('withdrawn');
    await ctx.close();
  }, 60_000);

  it('a submission whose answer is lost is retried with the same key and makes exactly one ticket', async () => {
    const title = `网络重试测试：实验楼饮水机没水 ${tag}`;
    const { ctx, page } = await phone('student');
    await page.goto(`${base}/#/submit?category=${repairCategoryId}`);
    await page.waitForSelector('[data-test=title] input');
    await expect.poll(() => page.inputValue('[data-test=category-field] input')).not.toBe('');
    await page.fill('[data-test=title] input', title);
    await page.fill('[data-test=body] textarea', '实验楼二楼饮水机一直没有水。');

    // The first POST reaches the server (which creates the ticket), but its answer is dropped.
    const keys: string[] = [];
    const reachedStatus: number[] = [];
    let dropped = 0;
    await page.route(
      (u) => u.pathname === '/api/tickets',
      async (route) => {
        const req = route.request();
        if (req.method() !== 'POST') return route.continue();
        keys.push(req.headers()['idempotency-key'] ?? '');
        if (dropped > 0) return route.continue();
        dropped++;
        reachedStatus.push((await route.fetch()).status());
        return route.abort('connectionreset');
      },
    );
    await page.click('[data-test=submit]');
    await page.waitForURL(/#\/tickets\//, { timeout: 20_000 });
    await expect.poll(() => page.textContent('[data-test=ticket-title]')).toBe(title);

    expect(reachedStatus, 'the dropped answer had created the ticket').toEqual([201]);
    expect(keys.length, 'the app tried again').toBe(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1], 'with the same Idempotency-Key').toBe(keys[0]);
    const mine = await api.student.req<{ items: Ticket[] }>('GET', '/api/tickets?inbox=mine&limit=100');
    expect(mine.items.filter((x) => x.title === title)).toHaveLength(1);
    await ctx.close();
  }, 60_000);

  it('the officer’s inbox shows the working days left by the server’s calendar, the institution’s days off included', async () => {
    const t = await submit(api.student, `教室投影仪不亮 ${tag}`);
    await api.officer.req('POST', `/api/tickets/${t.id}/accept`, {});
    const before = await api.officer.ticket(t.id);
    expect(before.workingDaysLeft).toBeGreaterThan(0);

    // The institution closes on the next working day: the deadline stays, one working day less is left.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    const days = await api.admin.req<{ date: string; working: boolean }[]>(
      'GET',
      `/api/calendar/days?from=${today}&to=${to}`,
    );
    const next = days.find((d) => d.date > today && d.working)?.date as string;
    await api.admin.req('PUT', `/api/calendar/days/${next}`, { kind: 'off', note: '校运会' });
    try {
      const after = await api.officer.ticket(t.id);
      expect(after.workingDaysLeft).toBe((before.workingDaysLeft as number) - 1);
      const { ctx, page } = await phone('officer');
      await page.goto(`${base}/#/inbox`);
      await page.waitForSelector('[data-test=ticket-item]');
      const row = page.locator('[data-test=ticket-item]', { hasText: t.title });
      // Sorted by deadline: older requests may come first; scroll until the list has loaded it.
      for (let i = 0; i < 30 && (await row.count()) === 0; i++) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.waitForTimeout(300);
      }
      await row.waitFor();
      const n = after.workingDaysLeft as number;
      expect(await row.textContent()).toContain(n === 0 ? '今天到期' : `剩余 ${n} 个工作日`);
      await row.scrollIntoViewIfNeeded();
      await shot(page, 'days-left');
      await page.goto(`${base}/#/tickets/${t.id}`);
      await expect.poll(() => statusText(page)).toContain(n === 0 ? '今天到期' : `剩余 ${n} 个工作日`);
      await ctx.close();
    } finally {
      await api.admin.req('DELETE', `/api/calendar/days/${next}`);
    }
  }, 60_000);
});
