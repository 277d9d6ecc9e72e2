import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the API acknowledged survives a crash: submissions answered 201 are all there after the
 * server process is killed with SIGKILL in the middle of a burst and started again.
 */
const BIN = fileURLToPath(new URL('../../bin/nonglintong.js', import.meta.url));
const SLOW = 180_000;

let dataDir: string;
const env = () => {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    SUBMIT_RATE_LIMIT: '100000',
    SWEEP_INTERVAL_SECONDS: '0',
    // serve's "listening on" line, read below, in English.
    NONGLINTONG_LANG: 'en-US',
  };
  delete e.DATABASE_URL;
  return e;
};

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [BIN, ...args], { env: env(), timeout: SLOW }, (err, _o, stderr) =>
      err ? reject(new Error(stderr)) : resolve(),
    ),
  );
}

/** Starts `serve` and resolves with its URL once it listens. */
function serve(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
}

async function signIn(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'crash', password: 'crash-test-pw' }),
  });
  const cookie = r.headers.get('set-cookie')?.split(';')[0] as string;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return JSON.stringify({ cookie, csrfToken });
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'nlt-crash-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('durability of acknowledged submissions (SQLite file, SIGKILL)', () => {
  it(
    'keeps every ticket the API answered 201 for',
    async () => {
      await run(['user', 'add', 'crash', '--name', '崩溃测试', '--password', 'crash-test-pw']);
      const first = await serve();
      const auth = JSON.parse(await signIn(first.url)) as { cookie: string; csrfToken: string };
      const acknowledged: string[] = [];
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await fetch(`${first.url}/api/tickets`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrfToken },
              body: JSON.stringify({ title: `宿舍报修 ${w}-${i}`, body: '水管漏水，请尽快处理。' }),
            });
            if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
      first.child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      expect(acknowledged.length).toBeGreaterThanOrEqual(150);

      const second = await serve();
      try {
        const again = JSON.parse(await signIn(second.url)) as { cookie: string };
        for (const id of acknowledged) {
          const r = await fetch(`${second.url}/api/tickets/${id}`, { headers: { cookie: again.cookie } });
          expect(r.status, id).toBe(200);
        }
      } finally {
        second.child.kill('SIGKILL');
      }
    },
    SLOW,
  );
});
