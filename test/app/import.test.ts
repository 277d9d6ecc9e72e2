import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { depsFor } from '../../src/bootstrap.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createUnit } from '../../src/app/admin/directory.ts';
import { LOCAL_PROVIDER, signIn } from '../../src/app/sessions/sessions.ts';
import type { AppDeps } from '../../src/app/context.ts';
import { AppError } from '../../src/app/errors.ts';
import type { PasswordHasher } from '../../src/app/ports/runtime.ts';
import { importUnits } from '../../src/app/import/import-units.ts';
import { importUsers } from '../../src/app/import/import-users.ts';

// Argon2 is the real hasher's business; a cheap stand-in keeps these tests about the import.
const plainHasher: PasswordHasher = {
  hash: async (pw) => `plain:${pw}`,
  verify: async (h, pw) => h === `plain:${pw}`,
};

let deps: AppDeps;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlt-import-'));
  const db = await openDatabase({ sqlitePath: join(dir, 'import.db') });
  await db.migrate();
  deps = {
    ...depsFor(db, { timeZone: 'Asia/Shanghai', endOfDay: '23:59:59', sessionTtlMs: 3_600_000 }),
    passwords: plainHasher,
  };
  cleanup = async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterEach(async () => {
  await cleanup();
});

describe('importUnits', () => {
  it('imports the good rows and reports each bad one with its row, code and column', async () => {
    const csv = [
      'code,name_zh,name_en,kind',
      'JWC,教务处,Academic Affairs Office,department',
      'HQC,后勤管理处,,',
      'XXXY,信息工程学院,School of Information Engineering,学院',
      'JWC,教务处（重复）,,department',
      'bad code!,某单位,,department',
      ',无代码单位,,',
      'TSG,,Library,department',
      'GJC,国际合作处,International Office,ministry',
      '"CW,C",财务处,,',
      'BWC,"保卫处, 含消防科",Security Office,other',
    ].join('\n');
    const progress: [number, number][] = [];
    const r = await importUnits(deps, csv, (done, total) => progress.push([done, total]));
    expect(r).toMatchObject({ total: 10, imported: 4 });
    expect(r.rejected.map(({ row, code, field }) => ({ row, code, field }))).toEqual([
      { row: 5, code: 'DUPLICATE', field: 'code' },
      { row: 6, code: 'VALIDATION', field: 'code' },
      { row: 7, code: 'VALIDATION', field: 'code' },
      { row: 8, code: 'VALIDATION', field: 'name_zh' },
      { row: 9, code: 'VALIDATION', field: 'kind' },
      { row: 10, code: 'VALIDATION', field: 'code' },
    ]);
    expect(r.rejected[0]?.message).toBe('unit code "JWC" already appears on row 2');
    expect(r.rejected[3]?.message).toBe('the Chinese name is missing');
    expect(progress[0]).toEqual([0, 10]);
    expect(progress.at(-1)).toEqual([10, 10]);

    const units = await deps.db.stores.units.list(true);
    expect(units.map((u) => u.code).sort()).toEqual(['BWC', 'HQC', 'JWC', 'XXXY']);
    expect(units.find((u) => u.code === 'HQC')).toMatchObject({
      nameZh: '后勤管理处',
      nameEn: '后勤管理处',
      kind: 'department',
    });
    expect(units.find((u) => u.code === 'XXXY')?.kind).toBe('college');
    expect(units.find((u) => u.code === 'BWC')).toMatchObject({ nameZh: '保卫处, 含消防科', kind: 'other' });
  });

  it('is harmless to run twice: existing units are duplicates, never changed', async () => {
    await createUnit(deps, { code: 'JWC', nameZh: '教务处' });
    const r = await importUnits(deps, 'code,name_zh\nJWC,改名的教务处\nXSC,学生处\n');
    expect(r.imported).toBe(1);
    expect(r.rejected).toEqual([
      {
        row: 2,
        code: 'DUPLICATE',
        field: 'code',
        message: 'unit code "JWC" already exists',
        // The reason as a code with its values, for the CLI to say in the reader's language.
        reason: 'CODE_EXISTS',
        params: { value: 'JWC' },
      },
    ]);
    expect((await deps.db.stores.units.getByCode('JWC'))?.nameZh).toBe('教务处');
  });

  it('reads a spreadsheet export: BOM, CRLF, header case and order, blank lines, multi-line quotes', async () => {
    const csv = '\uFEFFName_ZH,CODE\r\n教务处,JWC\r\n\r\n"图书馆\r\n（总馆）",TSG\r\n学生处,XSC,extra\r\n';
    const r = await importUnits(deps, csv);
    expect(r.imported).toBe(2);
    expect(r.rejected).toEqual([
      {
        row: 6,
        code: 'VALIDATION',
        field: null,
        message: 'the row has more values than the header has columns',
        reason: 'EXTRA_VALUES',
      },
    ]);
    expect((await deps.db.stores.units.getByCode('TSG'))?.nameZh).toBe('图书馆\r\n（总馆）');
  });

  it('refuses a file whose header or syntax is broken, importing nothing', async () => {
    const fail = async (csv: string) => {
      try {
        await importUnits(deps, csv);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).params;
      }
      throw new Error('expected a failure');
    };
    expect(await fail('')).toMatchObject({ reason: 'EMPTY' });
    expect(await fail('code,name_en\nJWC,Academic Affairs\n')).toMatchObject({
      reason: 'MISSING_COLUMNS',
      columns: 'name_zh',
    });
    expect(await fail('code,name_zh,budget\nJWC,教务处,100\n')).toMatchObject({
      reason: 'UNKNOWN_COLUMNS',
      columns: 'budget',
    });
    expect(await fail('code,name_zh\nJWC,"教务处\n')).toMatchObject({ reason: 'CSV_QUOTE_NOT_CLOSED' });
    expect(await deps.db.stores.units.list(true)).toEqual([]);
  });
});

describe('importUsers', () => {
  beforeEach(async () => {
    await createUnit(deps, { code: 'JWC', nameZh: '教务处' });
    await createUnit(deps, { code: 'HQC', nameZh: '后勤管理处' });
  });

  it('imports users with roles and passwords, and rejects bad rows one by one', async () => {
    const csv = [
      'username,display_name,email,phone,kind,roles,password',
      'zhang.san,张三,zhangsan@example.edu.cn,13800000000,staff,officer:JWC;inspector:HQC,secret-pass-1',
      '2023105123,李四,,,student,,',
      'wang.wu,王五,,,教工,supervisor,',
      'li.si,李四,,,staff,officer:XYZ,',
      'x,太短,,,,,',
      'zhao.liu,,,,,,',
      'zhang.san,张三（重复）,,,,,',
      'sun.qi,孙七,not-an-email,,,,',
      'zhou.ba,周八,,,,,short',
      'wu.jiu,吴九,,,teacher,,',
      'zheng.shi,郑十,,,,officer,',
      'feng.yi,冯一,,,,admin:JWC,',
      'chen.er,陈二,,,,boss,',
      'lin.san,林三,,,,officer:hqc|leader:JWC,',
    ].join('\n');
    const r = await importUsers(deps, csv);
    expect(r).toMatchObject({ total: 14, imported: 4 });
    expect(r.rejected.map(({ row, code, field }) => ({ row, code, field }))).toEqual([
      { row: 5, code: 'UNIT_NOT_FOUND', field: 'roles' },
      { row: 6, code: 'VALIDATION', field: 'username' },
      { row: 7, code: 'VALIDATION', field: 'display_name' },
      { row: 8, code: 'DUPLICATE', field: 'username' },
      { row: 9, code: 'VALIDATION', field: 'email' },
      { row: 10, code: 'VALIDATION', field: 'password' },
      { row: 11, code: 'VALIDATION', field: 'kind' },
      { row: 12, code: 'VALIDATION', field: 'roles' },
      { row: 13, code: 'VALIDATION', field: 'roles' },
      { row: 14, code: 'VALIDATION', field: 'roles' },
    ]);
    expect(r.rejected[0]?.message).toBe('unknown unit code "XYZ" in officer:XYZ');

    const s = deps.db.stores;
    const jwc = await s.units.getByCode('JWC');
    const hqc = await s.units.getByCode('HQC');
    const zhang = await s.users.getByUsername('zhang.san');
    expect(zhang).toMatchObject({
      displayName: '张三',
      email: 'zhangsan@example.edu.cn',
      phone: '13800000000',
      kind: 'staff',
    });
    expect(await s.users.grants(zhang?.id ?? '')).toEqual(
      expect.arrayContaining([
        { role: 'officer', unitId: jwc?.id },
        { role: 'inspector', unitId: hqc?.id },
      ]),
    );
    expect((await signIn(deps, 'zhang.san', 'secret-pass-1')).user.id).toBe(zhang?.id);
    // No password: no local sign-in (the campus SSO will link the account later).
    const student = await s.users.getByUsername('2023105123');
    expect(student?.kind).toBe('student');
    expect(await s.users.identitiesOf(student?.id ?? '')).toEqual([]);
    expect(await s.users.identity(LOCAL_PROVIDER, 'wang.wu')).toBeNull();
    expect((await s.users.getByUsername('wang.wu'))?.kind).toBe('staff');
    expect(await s.users.grants((await s.users.getByUsername('wang.wu'))?.id ?? '')).toEqual([
      { role: 'supervisor', unitId: null },
    ]);
    // Unit codes match case-insensitively when that is unambiguous.
    const lin = await s.users.getByUsername('lin.san');
    expect(await s.users.grants(lin?.id ?? '')).toEqual(
      expect.arrayContaining([
        { role: 'officer', unitId: hqc?.id },
        { role: 'leader', unitId: jwc?.id },
      ]),
    );
  });

  it('rejects users that already exist without touching them', async () => {
    await importUsers(deps, 'username,display_name\nzhang.san,张三\n');
    const r = await importUsers(deps, 'username,display_name,roles\nzhang.san,改名,admin\nli.si,李四,\n');
    expect(r.imported).toBe(1);
    expect(r.rejected).toEqual([
      {
        row: 2,
        code: 'DUPLICATE',
        field: 'username',
        message: 'username "zhang.san" already exists',
        reason: 'USERNAME_EXISTS',
        params: { value: 'zhang.san' },
      },
    ]);
    const zhang = await deps.db.stores.users.getByUsername('zhang.san');
    expect(zhang?.displayName).toBe('张三');
    expect(await deps.db.stores.users.grants(zhang?.id ?? '')).toEqual([]);
  });

  it('needs the username and display_name columns', async () => {
    await expect(importUsers(deps, 'username,name\nzhang.san,张三\n')).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      params: { reason: 'MISSING_COLUMNS', columns: 'display_name' },
    });
  });
});
