import { afterEach, beforeEach, expect, it } from 'vitest';
import { createUser, updateUser } from '../../src/app/admin/directory.ts';
import { AppError } from '../../src/app/errors.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { describeEachDialect, makeUser } from '../helpers/db.ts';

/** What a person is (学生 student / 教职工 staff): an admin sets it on a new account and changes it later. */
describeEachDialect('an admin sets and changes a user’s kind', (dialect) => {
  let w: World;
  let admin: Client;
  beforeEach(async () => {
    w = await makeWorld(await dialect.open());
    admin = await Client.signIn(w, 'admin');
  });
  afterEach(async () => w.close());

  const patch = (c: Client, id: string, body: unknown) => c.req('PATCH', `/api/users/${id}`, body);
  /** The user as the users list shows it. */
  const listed = async (username: string) => {
    const r = await admin.get(`/api/users?q=${encodeURIComponent(username)}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as { username: string; displayName: string; kind: string }[]).find(
      (u) => u.username === username,
    );
  };

  it('creates a student and a staff member, then changes a kind both ways', async () => {
    const student = await admin.post('/api/users', {
      username: 'new.student',
      displayName: '新同学',
      kind: 'student',
      password: 'a-good-secret-1',
    });
    expect(student.statusCode, student.body).toBe(201);
    expect(student.json()).toMatchObject({ username: 'new.student', kind: 'student', grants: [] });
    const staff = await admin.post('/api/users', { username: 'new.staff', displayName: '新老师', kind: 'staff' });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(staff.json().kind).toBe('staff');
    expect((await listed('new.student'))?.kind).toBe('student');

    const id = student.json().id as string;
    const toStaff = await patch(admin, id, { kind: 'staff' });
    expect(toStaff.statusCode, toStaff.body).toBe(200);
    expect(toStaff.json()).toMatchObject({ kind: 'staff', displayName: '新同学', active: true });
    expect((await listed('new.student'))?.kind).toBe('staff');

    // Changing other fields leaves the kind alone; naming it again changes it back.
    expect((await patch(admin, id, { displayName: '新同学（研）' })).json().kind).toBe('staff');
    const back = await patch(admin, id, { kind: 'student', displayName: '新同学' });
    expect(back.statusCode, back.body).toBe(200);
    expect(await listed('new.student')).toMatchObject({ kind: 'student', displayName: '新同学' });
  });

  it('refuses an unknown kind with a 400 problem in the caller’s language and changes nothing', async () => {
    const before = await listed('student');
    expect(before?.kind).toBe('student');

    const zh = await patch(admin, w.users.student as string, { kind: 'alien', displayName: '改了名字' });
    expect(zh.statusCode).toBe(400);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(zh.json().errors).toEqual([
      { field: 'kind', code: 'VALIDATION', detail: '“类型”须为以下之一：student, staff。' },
    ]);
    expect(zh.json().detail).toContain('student, staff');

    const en = await Client.signIn(w, 'admin', 'en-US');
    const enBad = await patch(en, w.users.student as string, { kind: 'Student' });
    expect(enBad.statusCode).toBe(400);
    expect(enBad.json().errors).toEqual([
      { field: 'kind', code: 'VALIDATION', detail: '"kind" must be one of: student, staff.' },
    ]);
    expect(enBad.json().detail).not.toMatch(/[\u3400-\u9fff]/);

    // Nothing changed: not the kind, not the name sent with it.
    expect(await listed('student')).toEqual(before);

    // Creating with an unknown kind is refused too, and creates no account.
    const created = await admin.post('/api/users', { username: 'odd.kind', displayName: '某人', kind: 'visitor' });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors[0]).toMatchObject({ field: 'kind' });
    expect(await listed('odd.kind')).toBeUndefined();

    // Only admins change kinds.
    const officer = await Client.signIn(w, 'officer');
    expect((await patch(officer, w.users.student as string, { kind: 'staff' })).statusCode).toBe(403);
    expect((await listed('student'))?.kind).toBe('student');
  });

  it('keeps an older kind from the directory while other fields change; the use cases refuse unknown kinds too', async () => {
    await w.deps.db.stores.users.insert(makeUser('legacy-1', { username: 'legacy.person', kind: 'postdoc' }));
    const renamed = await patch(admin, 'legacy-1', { displayName: '博士后' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ kind: 'postdoc', displayName: '博士后' });
    // It can be given a kind the console offers, but not set to an unknown one again.
    expect((await patch(admin, 'legacy-1', { kind: 'postdoc' })).statusCode).toBe(400);
    expect((await patch(admin, 'legacy-1', { kind: 'staff' })).json().kind).toBe('staff');

    // The CLI and the CSV import call these directly: an unknown kind is a VALIDATION error on `kind`.
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof AppError ? { code: e.code, field: e.field } : e),
      );
    expect(await refused(updateUser(w.deps, w.users.student as string, { kind: 'alien' }))).toEqual({
      code: 'VALIDATION',
      field: 'kind',
    });
    expect(await refused(createUser(w.deps, { username: 'x.y', displayName: 'X', kind: 'alien' }))).toEqual({
      code: 'VALIDATION',
      field: 'kind',
    });
    expect(await w.deps.db.stores.users.getByUsername('x.y')).toBeNull();
    expect((await w.deps.db.stores.users.get(w.users.student as string))?.kind).toBe('student');
  });
});
