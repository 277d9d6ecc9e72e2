import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs the real command in a child process, with its own data folder and a clean database setting. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'SQLITE_FILE', 'TIME_ZONE', 'END_OF_DAY']) delete childEnv[name];
  Object.assign(childEnv, { DATA_DIR: dataDir }, env);
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
      expect(imp.stdout).toContain('Imported 2 of 3 units; 1 row(s) rejected:');
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
        /^Created user li\.officer \(李老师\) with roles officer:HQC, inspector:JWC\.\nPassword \(shown only now\): [A-Za-z2-9]{12}\n$/,
      );

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
