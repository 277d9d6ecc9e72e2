import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/nonglintong.js', import.meta.url));
// Each run starts Node and tsx afresh: seconds apiece on a busy machine.
const SLOW = 180_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dataDir: string;

/** The variables that choose the command's language (src/cli/locale.ts). */
const LANGUAGE_VARIABLES = ['NONGLINTONG_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'];
/** The tests of wording read English, and ask for it. */
const ENGLISH = { NONGLINTONG_LANG: 'en-US' };

/**
 * Runs the real command in a child process, with its own data folder, a clean database setting
 * and only the language variables in `language` (English unless a test says otherwise).
 */
function cli(
  args: string[],
  env: Record<string, string> = {},
  language: Record<string, string> = ENGLISH,
): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'SQLITE_FILE', 'TIME_ZONE', 'END_OF_DAY', ...LANGUAGE_VARIABLES]) {
    delete childEnv[name];
  }
  Object.assign(childEnv, { DATA_DIR: dataDir }, language, env);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, timeout: SLOW }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** An expected failure is one sentence, never a stack trace. */
function expectCleanFailure(r: Run, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'nlt-cli-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('nonglintong calendar due', () => {
  it(
    'prints only the due instant, with its offset',
    async () => {
      const r = await cli(['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days', '3']);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('2025-10-11T23:59:59+08:00\n');
    },
    SLOW,
  );

  it(
    'refuses a negative number of days with a clear message',
    async () => {
      const r = await cli(['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days', '-1']);
      expectCleanFailure(r, /^Error: --days must be a whole number of working days from 0 to 365\.\n$/);
    },
    SLOW,
  );

  it(
    'refuses a start without an offset, and a bad configuration',
    async () => {
      expectCleanFailure(
        await cli(['calendar', 'due', '--from', '2025-09-30 10:00', '--days', '3']),
        /--from must be an ISO 8601 instant/,
      );
      expectCleanFailure(
        await cli(['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days', '3'], {
          TIME_ZONE: 'Asia/Nowhere',
        }),
        /TIME_ZONE "Asia\/Nowhere" is not an IANA time zone/,
      );
    },
    SLOW,
  );
});

describe('nonglintong calendar load', () => {
  it(
    'refuses a file that would leave a complete year partial, says what it holds, and loads it with --force',
    async () => {
      // A database of its own: the other tests count on 2025's holidays.
      const own = { DATA_DIR: mkdtempSync(join(tmpdir(), 'nlt-cli-cal-')) };
      try {
        const file = join(own.DATA_DIR, '2025.txt');
        writeFileSync(file, '2025-01-01 on 元旦上班\n');
        const refused = await cli(['calendar', 'load', file], own);
        expectCleanFailure(refused, /2025 is complete now/);
        expect(refused.stderr).toContain('2025: the file lists only 0 day(s) off and 1 adjusted working day(s)');
        expect(refused.stderr).toContain('--force');
        const due = ['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days', '3'];
        expect((await cli(due, own)).stdout).toBe('2025-10-11T23:59:59+08:00\n');

        const forced = await cli(['calendar', 'load', file, '--force'], own);
        expect(forced.code).toBe(0);
        expect(forced.stdout).toBe('Loaded 1 day(s) for 2025.\n');
        expect(forced.stderr).toMatch(/2025 lists fewer than 11 days off/);
        expect((await cli(due, own)).stdout).toBe('2025-10-03T23:59:59+08:00\n');
      } finally {
        rmSync(own.DATA_DIR, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});

describe('nonglintong sweep --now in the future', () => {
  it(
    'is refused unless it is a dry run or --future says the database is meant for it, in both languages',
    async () => {
      const own = mkdtempSync(join(tmpdir(), 'nlt-cli-future-'));
      try {
        const env = { DATA_DIR: own };
        const future = '2099-01-05T10:00:00+08:00';
        const refused = await cli(['sweep', '--now', future], env);
        expectCleanFailure(refused, /^Error: --now 2099-01-05T10:00:00\+08:00 is in the future: .*--dry-run.*--future/);
        const zh = await cli(['sweep', '--now', future], env, {});
        expectCleanFailure(zh, /是未来的时间/);
        const dry = await cli(['sweep', '--dry-run', '--now', future], env);
        expect(dry.code).toBe(0);
        expect(dry.stdout).toMatch(/dry run/);
        const forced = await cli(['sweep', '--future', '--now', future], env);
        expect(forced.code).toBe(0);
        expect(forced.stdout).not.toMatch(/dry run/);
        // The past, and a minute of clock skew, need no flag.
        expect((await cli(['sweep', '--now', '2025-09-30T10:00:00+08:00'], env)).code).toBe(0);
        expect((await cli(['sweep', '--now', new Date(Date.now() + 30_000).toISOString()], env)).code).toBe(0);
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});

describe('nonglintong: impossible dates are refused as the API refuses them', () => {
  it(
    'refuses 30 February and 31 September for calendar due --from and sweep --now, and --from outside 1970–2100',
    async () => {
      for (const from of ['2025-02-30T10:00:00+08:00', '2025-09-31T10:00:00+08:00', '2025-09-30T24:00:00+08:00']) {
        expectCleanFailure(
          await cli(['calendar', 'due', '--from', from, '--days', '3']),
          new RegExp(
            `^Error: --from must be an ISO 8601 instant with its UTC offset, on a day that exists, e\\.g\\. 2025-09-30T10:00:00\\+08:00 \\(got "${from.replace('+', '\\+')}"\\)\\.\\n$`,
          ),
        );
      }
      expectCleanFailure(
        await cli(['sweep', '--dry-run', '--now', '2025-02-30T10:00:00+08:00']),
        /^Error: --now must be an ISO 8601 instant with its UTC offset, on a day that exists/,
      );
      expectCleanFailure(
        await cli(['calendar', 'due', '--from', '1969-12-31T10:00:00Z', '--days', '3']),
        /^Error: --from must be in the years 1970 to 2100 \(got "1969-12-31T10:00:00Z"\)\.\n$/,
      );
      // 29 February of a leap year exists.
      const leap = await cli(['calendar', 'due', '--from', '2024-02-29T10:00:00+08:00', '--days', '3']);
      expect(leap.stdout).toBe('2024-03-05T23:59:59+08:00\n');
      // Minutes without seconds are an ISO 8601 instant too.
      const minutes = await cli(['calendar', 'due', '--from', '2025-09-30T10:00+08:00', '--days', '3']);
      expect(minutes.stdout).toBe('2025-10-11T23:59:59+08:00\n');
    },
    SLOW,
  );
});

describe('nonglintong directory commands', () => {
  it(
    'imports units from CSV, reports rejected rows, and adds a user with a generated password',
    async () => {
      const file = join(dataDir, 'units.csv');
      writeFileSync(
        file,
        'code,name_zh,name_en,kind\nJWC,教务处,Academic Affairs Office,department\nJWC,重复,,\nHQC,后勤管理处,Logistics,\n',
      );
      const imp = await cli(['import', 'units', file]);
      expect(imp.code).toBe(1);
      expect(imp.stdout).toContain(
        'Units: 2 imported, 0 already present, 1 rejected (3 row(s) in the file).\nRejected rows:\n',
      );
      expect(imp.stdout).toContain('row 3: unit code "JWC" already appears on row 2 [DUPLICATE, code]');

      const add = await cli([
        'user',
        'add',
        'li.officer',
        '--name',
        '李老师',
        '--role',
        'officer:HQC',
        '--role',
        'inspector:JWC',
      ]);
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      expect(add.stdout).toMatch(
        // Without --kind, the kind is student even with roles: the same default as the API and the import.
        /^Created user li\.officer \(李老师, student\) with roles officer:HQC, inspector:JWC\.\nPassword \(shown only now\): [A-Za-z2-9]{12}\n$/,
      );

      const staff = await cli([
        'user',
        'add',
        'wu.staff',
        '--name',
        '吴',
        '--kind',
        'staff',
        '--password',
        'Passw0rd!x',
      ]);
      expect(staff.stdout).toBe('Created user wu.staff (吴, staff).\n');
      expectCleanFailure(
        await cli(['user', 'add', 'li.officer', '--name', '又一个']),
        /^Error: A user with this username already exists\.\n$/,
      );
      expectCleanFailure(
        await cli(['user', 'add', 'wang', '--name', '王', '--role', 'officer:NOPE']),
        /^Error: Unknown unit code "NOPE" in officer:NOPE\.\n$/,
      );
      expectCleanFailure(
        await cli(['user', 'add', 'zhao', '--name', '赵', '--kind', 'teacher']),
        /^Error: --kind must be student or staff \(got "teacher"\)\.\n$/,
      );
      expectCleanFailure(await cli(['user', 'reset-password', 'nobody']), /There is no user with that username/);
      expectCleanFailure(
        await cli(['import', 'users', join(dataDir, 'missing.csv')]),
        /Cannot read .*missing\.csv: no such file/,
      );
    },
    SLOW,
  );
});

describe('nonglintong import: file encodings and re-runs', () => {
  it(
    'reads a GBK file (Excel on Chinese Windows) as GB18030 and says so; a UTF-16 file (Excel "Unicode text") as UTF-16',
    async () => {
      // 张三, 李四 in GBK: not valid UTF-8, which used to be stored as U+FFFD.
      const gbk = join(dataDir, 'gbk.csv');
      writeFileSync(
        gbk,
        Buffer.concat([
          Buffer.from('username,display_name\r\ngbk.zhang,'),
          Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
          Buffer.from('\r\ngbk.li,'),
          Buffer.from([0xc0, 0xee, 0xcb, 0xc4]),
          Buffer.from('\r\n'),
        ]),
      );
      const r = await cli(['import', 'users', gbk]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        'The file is not UTF-8: read as GB18030 (GBK) text.\nUsers: 2 imported, 0 already present, 0 rejected (2 row(s) in the file).\n',
      );
      // The name stored is the real one (reset-password prints it).
      const zhang = await cli(['user', 'reset-password', 'gbk.zhang', '--password', 'Passw0rd!x']);
      expect(zhang.stdout).toMatch(/^Password of gbk\.zhang \(张三\) changed; their sign-in sessions were ended/);

      // UTF-16 LE with its byte-order mark, as Excel saves "Unicode text" (tab or comma: here comma).
      const utf16 = join(dataDir, 'utf16.csv');
      writeFileSync(
        utf16,
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from('username,display_name\r\nu16.wang,王五\r\n', 'utf16le'),
        ]),
      );
      const u = await cli(['import', 'users', utf16]);
      expect(u.stderr).toBe('');
      expect(u.stdout).toBe('Users: 1 imported, 0 already present, 0 rejected (1 row(s) in the file).\n');
      const wang = await cli(['user', 'reset-password', 'u16.wang', '--password', 'Passw0rd!x']);
      expect(wang.stdout).toMatch(/^Password of u16\.wang \(王五\) changed; their sign-in sessions were ended/);
    },
    SLOW,
  );

  it(
    'refuses a file that no encoding explains, importing nothing',
    async () => {
      // 0x80 0xFF is neither UTF-8 nor GB18030: decoding would leave U+FFFD in the name.
      const bad = join(dataDir, 'bad-bytes.csv');
      writeFileSync(
        bad,
        Buffer.concat([
          Buffer.from('username,display_name\nok.user,好\nbad.user,'),
          Buffer.from([0xff, 0xff]),
          Buffer.from('\n'),
        ]),
      );
      expectCleanFailure(
        await cli(['import', 'users', bad]),
        /^Error: The file is neither UTF-8 \(the first bytes that are not on line 3\) nor GBK\/GB18030 text: save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported\.\n$/,
      );
      expectCleanFailure(await cli(['user', 'reset-password', 'ok.user']), /There is no user with that username/);
    },
    SLOW,
  );

  it(
    'says what a re-run found: a summary, the rows already present on one line, and each real error',
    async () => {
      const file = join(dataDir, 'rerun-units.csv');
      const rows = Array.from({ length: 8 }, (_, i) => `R${i},单位${i}`);
      writeFileSync(file, `code,name_zh\n${rows.join('\n')}\n`);
      const first = await cli(['import', 'units', file]);
      expect(first.code).toBe(0);
      expect(first.stdout).toBe('Units: 8 imported, 0 already present, 0 rejected (8 row(s) in the file).\n');

      // The same file again: nothing to do, and that is not an error.
      const again = await cli(['import', 'units', file]);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(
        'Units: 0 imported, 8 already present, 0 rejected (8 row(s) in the file).\n' +
          'Already present, left unchanged: R0 (row 2), R1 (row 3), R2 (row 4), R3 (row 5), R4 (row 6) and 3 more.\n',
      );

      // With a real error among them, the error keeps its own line and the status is 1.
      writeFileSync(file, `code,name_zh\n${rows.join('\n')}\nR8,\nR9,新单位\n`);
      const mixed = await cli(['import', 'units', file]);
      expect(mixed.code).toBe(1);
      expect(mixed.stdout).toBe(
        'Units: 1 imported, 8 already present, 1 rejected (10 row(s) in the file).\n' +
          'Already present, left unchanged: R0 (row 2), R1 (row 3), R2 (row 4), R3 (row 5), R4 (row 6) and 3 more.\n' +
          'Rejected rows:\n' +
          '  row 10: the Chinese name is missing [VALIDATION, name_zh]\n',
      );
    },
    SLOW,
  );
});

/** A TCP port that was free a moment ago (nothing listens on it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nonglintong: the database or the port unavailable, the reader gone', () => {
  it(
    'says in one line that PostgreSQL cannot be reached, for migrate and serve (no stack trace, no "migration failed")',
    async () => {
      const port = await freePort();
      const env = { DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/nlt`, SEED_DEMO: 'false' };
      const sentence = `Error: Cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused (DATABASE_URL).\n`;
      const migrate = await cli(['migrate'], env);
      expectCleanFailure(migrate, /Cannot reach PostgreSQL/);
      expect(migrate.stderr).toBe(sentence);
      // With the demo seed on, serve opens the database itself first; off, the server does.
      for (const seed of ['true', 'false']) {
        const serve = await cli(['serve'], { ...env, SEED_DEMO: seed, PORT: '0' });
        expectCleanFailure(serve, /Cannot reach PostgreSQL/);
        expect(serve.stderr).toBe(sentence);
      }
    },
    SLOW,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL: says that the database named does not exist',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = '/nlt_cli_no_such_database';
      const r = await cli(['migrate'], { DATABASE_URL: url.toString() });
      expectCleanFailure(
        r,
        new RegExp(
          `^Error: PostgreSQL at ${url.hostname}:${url.port || 5432} refused the connection: database "nlt_cli_no_such_database" does not exist \\(DATABASE_URL\\)\\.\\n$`,
        ),
      );
    },
    SLOW,
  );

  it(
    'says in one line that the port is taken, before seeding anything',
    async () => {
      const busy: Server = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as { port: number }).port;
      const emptyDir = mkdtempSync(join(tmpdir(), 'nlt-cli-port-'));
      try {
        const r = await cli(['serve'], { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: emptyDir });
        expectCleanFailure(r, /Port/);
        expect(r.stderr).toBe(`Error: Port ${port} is already in use on 127.0.0.1 (PORT).\n`);
        // The demo was not seeded into the empty database first: there is no database at all.
        expect(existsSync(join(emptyDir, 'nonglintong.db'))).toBe(false);
      } finally {
        await new Promise((resolve) => busy.close(resolve));
        rmSync(emptyDir, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'says in one line that the photo folder cannot be written, before creating the database',
    async () => {
      const emptyDir = mkdtempSync(join(tmpdir(), 'nlt-cli-uploads-'));
      // A file where the folder should be: refused even for root, like a folder without rights.
      const blocker = join(emptyDir, 'not-a-folder');
      writeFileSync(blocker, '');
      try {
        const uploads = join(blocker, 'uploads');
        const r = await cli(['serve'], { PORT: '0', DATA_DIR: emptyDir, UPLOAD_DIR: uploads });
        expectCleanFailure(r, /UPLOAD_DIR/);
        expect(r.stderr).toBe(
          `Error: Cannot store photos in ${uploads}: a part of the path is a file, not a folder (UPLOAD_DIR, DATA_DIR).\n`,
        );
        expect(existsSync(join(emptyDir, 'nonglintong.db'))).toBe(false);
      } finally {
        rmSync(emptyDir, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'prints a URL that works when it listens on an IPv6 address (HOST=::1)',
    async () => {
      const emptyDir = mkdtempSync(join(tmpdir(), 'nlt-cli-ipv6-'));
      const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: emptyDir, HOST: '::1', PORT: '0', ...ENGLISH };
      Object.assign(childEnv, { SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
      delete childEnv.DATABASE_URL;
      const child = spawn(process.execPath, [BIN, 'serve'], { env: childEnv });
      try {
        let stdout = '';
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk) => {
            stdout += chunk;
            const m = /listening on (\S+)/.exec(stdout);
            if (m?.[1]) resolve(m[1]);
          });
          child.on('close', (code) => reject(new Error(`serve ended (${code}): ${stdout}`)));
        });
        expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          const closed = new Promise((resolve) => child.once('close', resolve));
          child.kill('SIGTERM');
          await closed;
        }
        rmSync(emptyDir, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'stops quietly when the reader of its output goes away (… | head)',
    async () => {
      const file = join(dataDir, 'many-bad-rows.csv');
      const rows = Array.from({ length: 3000 }, (_, i) => `!bad${i},名字${i}`);
      writeFileSync(file, `username,display_name\n${rows.join('\n')}\n`);
      const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...ENGLISH };
      delete childEnv.DATABASE_URL;
      const child = spawn(process.execPath, [BIN, 'import', 'users', file], { env: childEnv });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      // Like head: read the first chunk, then close the pipe while the command is still writing.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      // Rows were rejected, so the status says so; no crash (a crash is status 1 with a trace too).
      expect(code).toBe(1);
    },
    SLOW,
  );
});

describe('nonglintong speaks zh-CN by default, en-US when the environment says so', () => {
  const ZH = {};
  const EN_LANG = { LANG: 'en_US.UTF-8' };

  it(
    'calendar due: the same instant in every language; its errors in Chinese by default, in English under LANG=en_US.UTF-8',
    async () => {
      const args = ['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days'];
      for (const language of [ZH, EN_LANG, { LANG: 'C' }]) {
        const ok = await cli([...args, '3'], {}, language);
        expect(ok.stdout).toBe('2025-10-11T23:59:59+08:00\n');
      }
      expectCleanFailure(await cli([...args, '-1'], {}, ZH), /^错误：--days 必须是 0 到 365 的整数个工作日。\n$/);
      // C and POSIX are no language: the default.
      expectCleanFailure(await cli([...args, '-1'], {}, { LANG: 'POSIX' }), /^错误：--days/);
      expectCleanFailure(
        await cli([...args, '-1'], {}, EN_LANG),
        /^Error: --days must be a whole number of working days from 0 to 365\.\n$/,
      );
      // NONGLINTONG_LANG comes first, then LC_ALL, LC_MESSAGES, LANG.
      expectCleanFailure(await cli([...args, '-1'], {}, { NONGLINTONG_LANG: 'zh-CN', LANG: 'en_US.UTF-8' }), /^错误：/);
      expectCleanFailure(await cli([...args, '-1'], {}, { LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }), /^Error: /);
      expectCleanFailure(
        await cli([...args, '-1'], {}, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }),
        /^错误：/,
      );
    },
    SLOW,
  );

  it(
    'a bad setting and a missing file are said in the language chosen',
    async () => {
      const due = ['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00', '--days', '3'];
      expectCleanFailure(
        await cli(due, { TIME_ZONE: 'Asia/Nowhere' }, ZH),
        /^错误：TIME_ZONE "Asia\/Nowhere" 不是 IANA 时区（请检查环境变量）\n$/,
      );
      expectCleanFailure(
        await cli(due, { TIME_ZONE: 'Asia/Nowhere' }, EN_LANG),
        /^Error: TIME_ZONE "Asia\/Nowhere" is not an IANA time zone \(check the environment variables\)\n$/,
      );
      const missing = join(dataDir, 'missing.csv');
      expectCleanFailure(
        await cli(['import', 'users', missing], {}, ZH),
        /^错误：无法读取 .*missing\.csv：没有这个文件或目录。\n$/,
      );
    },
    SLOW,
  );

  it(
    '--help: descriptions and headings translated, command and option names as they are',
    async () => {
      const zh = await cli(['calendar', 'due', '--help'], {}, ZH);
      expect(zh.code).toBe(0);
      expect(zh.stdout).toMatch(/^用法： nonglintong calendar due \[options\]\n/);
      expect(zh.stdout).toContain('选项：');
      expect(zh.stdout).toMatch(/--from <instant> +起始时刻，例如 2025-09-30T10:00:00\+08:00/);
      expect(zh.stdout).toMatch(/-h, --help +显示命令的帮助/);
      expect(zh.stdout).not.toMatch(/Usage|Options|display help/);

      const en = await cli(['calendar', 'due', '--help'], {}, EN_LANG);
      expect(en.stdout).toMatch(/^Usage: nonglintong calendar due \[options\]\n/);
      expect(en.stdout).toMatch(/--from <instant> +start instant, e\.g\. 2025-09-30T10:00:00\+08:00/);
      expect(en.stdout).toMatch(/-h, --help +display help for command/);

      const top = await cli(['--help'], {}, ZH);
      expect(top.stdout).toContain('命令：');
      expect(top.stdout).toMatch(/calendar +工作日日历/);
      expect(top.stdout).toMatch(/import +从 CSV 文件导入/);
    },
    SLOW,
  );

  it(
    "commander's own errors (a missing option, an unknown command) in the language chosen",
    async () => {
      const zh = await cli(['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00'], {}, ZH);
      expect(zh.code).toBe(1);
      expect(zh.stderr).toBe("错误：未指定必需的选项 '--days <n>'\n（加 --help 查看用法）\n");
      const en = await cli(['calendar', 'due', '--from', '2025-09-30T10:00:00+08:00'], {}, EN_LANG);
      expect(en.stderr).toBe("error: required option '--days <n>' not specified\n(run with --help for usage)\n");
      const typo = await cli(['calendr'], {}, ZH);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toBe("错误：未知命令 'calendr'\n（是否要输入 calendar？）\n（加 --help 查看用法）\n");
    },
    SLOW,
  );

  it(
    'user add and import report in Chinese by default',
    async () => {
      const file = join(dataDir, 'zh-units.csv');
      writeFileSync(file, 'code,name_zh\nZH1,中文单位\nZH1,重复\nZH2,\n');
      const imp = await cli(['import', 'units', file], {}, ZH);
      expect(imp.code).toBe(1);
      expect(imp.stdout).toBe(
        '单位：导入 1 个，已存在 0 个，拒绝 2 个（文件共 3 行）。\n' +
          '被拒绝的行：\n' +
          '  第 3 行：单位编码 "ZH1" 已在第 2 行出现过 [DUPLICATE, code]\n' +
          '  第 4 行：缺少中文名称 [VALIDATION, name_zh]\n',
      );
      const add = await cli(
        ['user', 'add', 'zh.staff', '--name', '周', '--kind', 'staff', '--password', 'Passw0rd!x'],
        {},
        ZH,
      );
      expect(add.stdout).toBe('已创建用户 zh.staff（周，教职工）。\n');
      expectCleanFailure(
        await cli(['user', 'add', 'zh.staff', '--name', '周'], {}, ZH),
        /^错误：这个用户名的用户已存在。\n$/,
      );
      expectCleanFailure(
        await cli(['user', 'add', 'zh.other', '--name', '郑', '--role', 'officer:NOPE'], {}, ZH),
        /^错误：officer:NOPE 中的单位编码 "NOPE" 不存在。\n$/,
      );
    },
    SLOW,
  );
});
