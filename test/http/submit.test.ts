import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/sessions/sessions.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

// Submissions by Bearer token, as integrations and the benchmark send them: the reference
// number is taken outside the write transaction on PostgreSQL, inside it on SQLite, and
// names come from caches (src/app/tickets/submit-ticket.ts).
for (const dialect of dialects) {
  describe(`submitting by token (${dialect.name})`, () => {
    let w: World;
    let headers: Record<string, string>;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      const { token } = await createApiToken(w.deps, w.users.student as string, 'test');
      headers = { authorization: `Bearer ${token}` };
    });
    afterEach(async () => w.close());

    const submit = (body: Record<string, unknown> = {}, extra: Record<string, string> = {}) =>
      w.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: { ...headers, ...extra },
        payload: { categoryId: w.categories.repair.id, title: '路灯不亮', body: '北门路灯不亮', ...body },
      });

    it('gives concurrent submissions distinct, consecutive references of the local day', async () => {
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => submit({ title: `路灯不亮 ${i}` })));
      expect(answers.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
      const refs = answers.map((r) => r.json().ref as string).sort();
      expect(refs).toEqual(Array.from({ length: 24 }, (_, i) => `20250901-${String(i + 1).padStart(4, '0')}`));
      expect(await w.deps.db.stores.tickets.count({ submitterId: w.users.student as string })).toBe(24);
      // The next local day starts again at 1 (the clock is at 09:00 in Asia/Shanghai).
      w.clock.advance(86_400_000);
      expect((await submit()).json().ref).toBe('20250902-0001');
    });

    it('answers with the ticket as stored, the submitter named and no photos', async () => {
      const r = await submit({ place: '北门' });
      expect(r.statusCode).toBe(201);
      const view = r.json();
      expect(view).toMatchObject({
        status: 'pending',
        place: '北门',
        photos: [],
        category: { id: w.categories.repair.id },
        unit: { id: w.units.logistics.id, nameZh: '后勤管理处' },
        submitter: { id: w.users.student, displayName: 'student 测试' },
      });
      const read = await w.app.inject({ method: 'GET', url: `/api/tickets/${view.id}`, headers });
      expect(read.json().ticket).toMatchObject({ id: view.id, ref: view.ref, photos: [], submitter: view.submitter });
    });

    it('sends a category whose unit was deactivated to the dispatch queue, and refuses that unit when chosen', async () => {
      const admin = await Client.signIn(w, 'admin');
      const off = await admin.req('PATCH', `/api/units/${w.units.logistics.id}`, { active: false });
      expect(off.statusCode).toBe(200);
      const r = await submit();
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ status: 'dispatch', unit: null, category: { id: w.categories.repair.id } });
      expect((await submit({ unitId: w.units.logistics.id })).json().code).toBe('UNIT_NOT_FOUND');
      // Nor can a category be pointed at it.
      const cat = await admin.post('/api/categories', {
        code: 'lights',
        nameZh: '路灯',
        nameEn: 'Street lights',
        defaultUnitId: w.units.logistics.id,
      });
      expect(cat.statusCode).toBe(422);
      expect(cat.json().code).toBe('UNIT_NOT_FOUND');
    });

    it('spends no number on input it refuses before writing', async () => {
      expect((await submit({ title: '   ' })).json().code).toBe('TICKET_TEXT_REQUIRED');
      expect((await submit({ categoryId: 'nope' })).json().code).toBe('CATEGORY_NOT_FOUND');
      expect((await submit({ unitId: 'nope' })).json().code).toBe('UNIT_NOT_FOUND');
      expect((await submit()).json().ref).toBe('20250901-0001');
    });

    it('counts an emoji as one character, as the phone does', async () => {
      const ok = await submit({ title: '🚰'.repeat(120), body: '👍'.repeat(5000) });
      expect(ok.statusCode, ok.body).toBe(201);
      const long = await submit({ title: '🚰'.repeat(121) });
      expect(long.statusCode).toBe(400);
    });

    it('spends no number on photos that are not the submitter’s to attach', async () => {
      const failed = await submit({ photoIds: ['not-an-upload'] });
      expect(failed.statusCode).toBe(422);
      expect(failed.json().code).toBe('UPLOAD_NOT_FOUND');
      expect((await submit()).json().ref).toBe('20250901-0001');
      expect(await w.deps.db.stores.tickets.count({ submitterId: w.users.student as string })).toBe(1);
    });

    it('accepts a category added to the database behind the directory cache, and refuses one deactivated here', async () => {
      // Warm the directory cache, then add a category as another process would.
      expect((await submit()).statusCode).toBe(201);
      await w.deps.db.stores.categories.insert({
        id: 'cat-elsewhere',
        code: 'elsewhere',
        nameZh: '别处添加',
        nameEn: 'Added elsewhere',
        defaultUnitId: w.units.it.id,
        active: true,
        sort: 9,
      });
      const r = await submit({ categoryId: 'cat-elsewhere' });
      expect(r.statusCode).toBe(201);
      expect(r.json().unit.id).toBe(w.units.it.id);
      const { token } = await createApiToken(w.deps, w.users.admin as string, 'admin');
      const off = await w.app.inject({
        method: 'PATCH',
        url: `/api/categories/${w.categories.repair.id}`,
        headers: { authorization: `Bearer ${token}` },
        payload: { active: false },
      });
      expect(off.statusCode).toBe(200);
      expect((await submit()).json().code).toBe('CATEGORY_NOT_FOUND');
    });

    it('returns the first ticket to concurrent retries with one Idempotency-Key', async () => {
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit({}, { 'idempotency-key': 'same' })));
      const ids = new Set(answers.map((r) => r.json().id));
      expect(ids.size).toBe(1);
      expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(5);
      expect(await w.deps.db.stores.tickets.count({ submitterId: w.users.student as string })).toBe(1);
    });
  });
}
