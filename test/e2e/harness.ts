/**
 * Shared set-up of the end-to-end suites: the real server (`nonglintong serve` on a free port,
 * a fresh DATA_DIR, the demo seed) and Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, freePort } from '../../bench/shared.ts';

export { CHROMIUM };

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const hasChromium = existsSync(CHROMIUM);

/** Builds dist/web when it is missing or older than web/ (as `npm start` does). */
export function ensureWeb(): void {
  execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

export interface DemoServer {
  /** http://127.0.0.1:<port>, no trailing slash */
  url: string;
  /** demo username → password, as printed once by the seed */
  passwords: Map<string, string>;
  dataDir: string;
  /** Stops the server and removes its DATA_DIR. */
  stop(): Promise<void>;
}

/**
 * Builds the web app when stale, seeds the demo university into a fresh DATA_DIR with the CLI
 * (which prints the demo passwords once), then serves it on a free port and waits until it answers.
 */
export async function startDemoServer(
  opts: { prefix?: string; env?: Record<string, string> } = {},
): Promise<DemoServer> {
  ensureWeb();
  const dataDir = mkdtempSync(path.join(tmpdir(), opts.prefix ?? 'nlt-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100',
    ...opts.env,
  };
  // Seed in its own process first, then serve (SEED_DEMO=false: the database is no longer empty).
  // The seed prints the demo accounts once: "  <username>  <password>  <roles>".
  const seed = spawnSync(process.execPath, ['bin/nonglintong.js', 'seed'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const seedOut = `${seed.stdout ?? ''}${seed.stderr ?? ''}`;
  if (seed.status !== 0)
    console.warn(`nonglintong seed exited with ${seed.status} after seeding:\n${seed.stderr}`.slice(0, 2000));
  const passwords = new Map<string, string>();
  for (const m of `${seed.stdout ?? ''}`.matchAll(
    /^\s+([a-z][\w.-]*)\s+(\S{8,})\s+(?:submitter|officer|inspector|supervisor|leader|admin)/gm,
  ))
    passwords.set(m[1] as string, m[2] as string);

  const server: ChildProcess = spawn(process.execPath, ['bin/nonglintong.js', 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = seedOut;
  server.stdout?.on('data', (b) => {
    out += String(b);
  });
  server.stderr?.on('data', (b) => {
    out += String(b);
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const t = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${out}`);
      const ok = await fetch(`${url}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, passwords, dataDir, stop };
}

/** Debian's Chromium through playwright-core; every launch gets a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A signed-in API client for setting the scene. */
export async function apiFor(base: string, username: string, password: string) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`sign-in of ${username}: ${r.status}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  return async <T>(method: string, path: string, body?: unknown | FormData): Promise<T> => {
    const form = body instanceof FormData;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }),
        ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/**
 * Signs in to the console (1366×800 and zh-CN unless told otherwise); returns the page once
 * past the login. `watch` sees the page before anything loads (to collect responses, say).
 */
export async function consoleSignIn(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  opts: {
    locale?: 'zh-CN' | 'en-US';
    viewport?: { width: number; height: number };
    watch?: (page: Page) => void;
  } = {},
): Promise<Page> {
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 800 } });
  await ctx.addInitScript((l) => localStorage.setItem('nlt.locale', l), opts.locale ?? 'zh-CN');
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  opts.watch?.(page);
  await page.goto(`${base}/console/`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  return page;
}

/** Types a reference into a console list's search box: the request opens in the drawer. */
export async function openByRef(page: Page, ref: string): Promise<void> {
  await page.getByTestId('filter-q').fill(ref);
  await page.getByTestId('filter-search').click();
  await expect.poll(() => page.getByTestId('ticket-drawer').textContent()).toContain(ref);
}
