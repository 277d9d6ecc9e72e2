/**
 * Instants are shown in the institution's time zone (TIME_ZONE), whatever the browser's own
 * zone: with the default Asia/Shanghai, the phone app and the console in a browser set to
 * America/New_York show a request's times exactly as a browser in Asia/Shanghai does; with
 * TIME_ZONE=America/New_York, a browser in Asia/Shanghai shows New York's times.
 *
 * Run: npx vitest run --config test/e2e/vitest.e2e.config.ts test/e2e/time-zone.test.ts
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type DemoServer, hasChromium, launchChromium, startDemoServer } from './harness.ts';

if (!hasChromium)
  console.warn(`SKIPPED test/e2e/time-zone.test.ts: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const TITLE = '时区测试图书馆空调不制冷';

interface Submitted {
  id: string;
  ref: string;
  createdAt: number;
  resolveDueAt: number | null;
  acceptDueAt: number | null;
}

/** An instant's fields in a zone, by Node's Intl (the reference the pages are checked against). */
function fieldsIn(timeZone: string, ms: number) {
  const f: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms))
    f[p.type] = p.value;
  return {
    year: Number(f.year),
    M: Number(f.month),
    d: Number(f.day),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(f.weekday as string),
    HH: (f.hour as string).padStart(2, '0'),
    mm: (f.minute as string).padStart(2, '0'),
  };
}

/** The phone's zh-CN text of an instant in a zone (web/mobile/messages/zh-CN.ts format.*). */
function phoneText(timeZone: string, pattern: 'date' | 'dateTime', ms: number, now = Date.now()): string {
  const f = fieldsIn(timeZone, ms);
  const year = f.year === fieldsIn(timeZone, now).year ? '' : `${f.year}年`;
  if (pattern === 'dateTime') return `${year}${f.M}月${f.d}日 ${f.HH}:${f.mm}`;
  return `${year}${f.M}月${f.d}日${'周日,周一,周二,周三,周四,周五,周六'.split(',')[f.weekday]}`;
}

/** Minutes east of UTC of the zones used here, now (New York: daylight saving time or not). */
const OFFSETS: Record<string, number[]> = { 'Asia/Shanghai': [480], 'America/New_York': [-240, -300] };

for (const { INSTITUTION, ABROAD, env } of [
  { INSTITUTION: 'Asia/Shanghai', ABROAD: 'America/New_York', env: {} },
  { INSTITUTION: 'America/New_York', ABROAD: 'Asia/Shanghai', env: { TIME_ZONE: 'America/New_York' } },
])
  describe.skipIf(!hasChromium)(
    `times in the institution's zone ${INSTITUTION}, in a browser in ${ABROAD} (Chromium)`,
    () => {
      let server: DemoServer;
      let browser: Browser;
      let ticket: Submitted;

      beforeAll(async () => {
        server = await startDemoServer({ prefix: 'nlt-e2e-tz-', env });
        for (const u of ['student', 'supervisor'])
          if (!server.passwords.has(u)) throw new Error(`no password for ${u} in the seed output`);
        // A request of the student's, submitted through the API.
        const login = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'student', password: server.passwords.get('student') }),
        });
        expect(login.status).toBe(200);
        const me = (await login.json()) as { csrfToken: string; timeZone: string; utcOffsetMinutes: number };
        expect(me.timeZone).toBe(INSTITUTION);
        expect(OFFSETS[INSTITUTION]).toContain(me.utcOffsetMinutes);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
        const headers = { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
        const categories = (await (await fetch(`${server.url}/api/categories`, { headers })).json()) as {
          id: string;
          defaultUnitId: string | null;
        }[];
        const category = categories.find((c) => c.defaultUnitId) ?? categories[0];
        const submit = await fetch(`${server.url}/api/tickets`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ categoryId: category?.id, title: TITLE, body: '图书馆三楼自习室空调一直吹热风。' }),
        });
        expect(submit.status).toBe(201);
        ticket = (await submit.json()) as Submitted;
        expect(ticket.resolveDueAt ?? ticket.acceptDueAt).not.toBeNull();
        browser = await launchChromium();
      }, 180_000);

      afterAll(async () => {
        await browser?.close();
        await server?.stop();
      });

      async function context(timezoneId: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
        const ctx = await browser.newContext({ timezoneId, viewport });
        await ctx.addInitScript(() => localStorage.setItem('nlt.locale', 'zh-CN'));
        return ctx;
      }

      /** The offset the browser's own clock has now, in minutes east of UTC. */
      const browserOffset = (page: Page) => page.evaluate(() => -new Date().getTimezoneOffset());

      /** The request's page on the phone: its cells' values and the timeline's times. */
      /** `now`: the browser's clock reads this instant (the server's clock is not moved). */
      async function phoneTimes(
        timezoneId: string,
        now?: number,
      ): Promise<{ offset: number; cells: string[]; timeline: string[] }> {
        const ctx = await context(timezoneId, { width: 375, height: 667 });
        if (now !== undefined) await ctx.clock.setFixedTime(now);
        try {
          const page = await ctx.newPage();
          page.on('pageerror', (e) => console.error('page error:', e));
          await page.goto(`${server.url}/`);
          await page.waitForURL(/#\/login/);
          await page.fill('input[name=username]', 'student');
          await page.fill('input[name=password]', server.passwords.get('student') as string);
          await page.click('button[type=submit]');
          await page.waitForSelector('[data-test=category]');
          await page.goto(`${server.url}/#/tickets/${ticket.id}`);
          await expect.poll(() => page.textContent('[data-test=ticket-title]')).toBe(TITLE);
          await page.waitForSelector('.tl__time');
          return {
            offset: await browserOffset(page),
            cells: (await page.locator('.van-cell__value').allInnerTexts()).map((s) => s.trim()),
            timeline: (await page.locator('.tl__time').allInnerTexts()).map((s) => s.trim()),
          };
        } finally {
          await ctx.close();
        }
      }

      /** The request in the console's drawer (a supervisor, searched by reference): the details and the timeline's times. */
      async function consoleTimes(
        timezoneId: string,
      ): Promise<{ offset: number; details: string; timeline: string[] }> {
        const ctx = await context(timezoneId, { width: 1440, height: 900 });
        try {
          const page = await ctx.newPage();
          page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
          await page.goto(`${server.url}/console/`);
          await page.locator('#login-username').fill('supervisor');
          await page.locator('#login-password').fill(server.passwords.get('supervisor') as string);
          await page.getByTestId('login-submit').click();
          await page.waitForURL((u) => !u.pathname.endsWith('/login'));
          await page.goto(`${server.url}/console/all`);
          await page.getByTestId('filter-q').fill(ticket.ref);
          await page.getByTestId('filter-search').click();
          // A reference typed into the search box opens the request in the drawer.
          const drawer = page.getByTestId('ticket-drawer');
          await expect.poll(() => drawer.textContent()).toContain(ticket.ref);
          await drawer.getByTestId('ticket-status').waitFor();
          await drawer.locator('.el-timeline-item__timestamp').first().waitFor();
          return {
            offset: await browserOffset(page),
            details: ((await drawer.locator('.el-descriptions').first().textContent()) ?? '').trim(),
            timeline: (await drawer.locator('.el-timeline-item__timestamp').allInnerTexts()).map((s) => s.trim()),
          };
        } finally {
          await ctx.close();
        }
      }

      it("the phone shows the deadline and the times as in the institution's zone", async () => {
        const home = await phoneTimes(INSTITUTION);
        const abroad = await phoneTimes(ABROAD);
        expect(OFFSETS[INSTITUTION]).toContain(home.offset);
        expect(OFFSETS[ABROAD]).toContain(abroad.offset); // the browser really is elsewhere
        expect(abroad.cells).toEqual(home.cells);
        expect(abroad.timeline).toEqual(home.timeline);
        expect(abroad.cells).toContain(phoneText(INSTITUTION, 'dateTime', ticket.createdAt));
        const due = ticket.resolveDueAt ?? (ticket.acceptDueAt as number);
        expect(abroad.cells).toContain(phoneText(INSTITUTION, 'date', due));
        expect(abroad.timeline).toContain(phoneText(INSTITUTION, 'dateTime', ticket.createdAt));
      }, 120_000);

      it('the phone shows the year of dates in another year than the current one', async () => {
        const nextYear = Date.now() + 400 * 86_400_000;
        const later = await phoneTimes(ABROAD, nextYear);
        const created = phoneText(INSTITUTION, 'dateTime', ticket.createdAt, nextYear);
        expect(created).toMatch(/^\d{4}年/);
        expect(later.cells).toContain(created);
        expect(later.timeline).toContain(created);
        const due = ticket.resolveDueAt ?? (ticket.acceptDueAt as number);
        expect(later.cells).toContain(phoneText(INSTITUTION, 'date', due, nextYear));
      }, 120_000);

      it("the console shows them as in the institution's zone too", async () => {
        const home = await consoleTimes(INSTITUTION);
        const abroad = await consoleTimes(ABROAD);
        expect(OFFSETS[ABROAD]).toContain(abroad.offset);
        expect(abroad.details).toEqual(home.details);
        expect(abroad.timeline).toEqual(home.timeline);
        const created = fieldsIn(INSTITUTION, ticket.createdAt);
        expect(abroad.details).toContain(`${created.HH}:${created.mm}`);
        // Deadlines end a working day in the institution's zone: 23:59 there, not another zone's hour.
        expect(abroad.details).toContain('23:59');
      }, 120_000);
    },
  );
