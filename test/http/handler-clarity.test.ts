/**
 * What the console needs from the API to offer only what works and to say plainly what is wrong:
 * - merging into a request named by its reference (YYYYMMDD-NNNN), as the merge dialog invites;
 * - "approve extension" offered only while an extension waits for approval;
 * - a required field left empty, a short password, a malformed username: messages that say so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`handlers’ actions and plain validation messages (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let officer: Client;
    let supervisor: Client;

    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      officer = await Client.signIn(w, 'officer');
      supervisor = await Client.signIn(w, 'supervisor');
    });
    afterEach(async () => w.close());

    const submit = async (title: string) => {
      const r = await student.post('/api/tickets', { categoryId: w.categories.repair.id, title, body: `${title}。` });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; ref: string };
    };

    it('merges into a request named by its reference, and says so when the reference is unknown', async () => {
      const first = await submit('食堂门口台阶破损');
      const dup = await submit('食堂门口台阶坏了');
      const unknown = await supervisor.post(`/api/tickets/${dup.id}/merge`, { intoTicketId: '20000101-0001' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('TICKET_NOT_FOUND');

      const r = await supervisor.post(`/api/tickets/${dup.id}/merge`, { intoTicketId: ` ${first.ref} ` });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().ticket).toMatchObject({ status: 'merged', mergedInto: first.id });
    });

    it('offers "approve extension" only while an extension waits for approval', async () => {
      const t = await submit('实验楼屋顶漏水');
      await officer.post(`/api/tickets/${t.id}/accept`);
      const actions = async () => (await supervisor.get(`/api/tickets/${t.id}`)).json().ticket.allowedActions;
      expect(await actions()).not.toContain('approve_extension');

      // More than 10 working days: the promise waits for a supervisor.
      const interim = await officer.post(`/api/tickets/${t.id}/reply-interim`, {
        reason: '需要招标采购防水材料',
        promisedDate: '2025-11-28',
      });
      expect(interim.statusCode, interim.body).toBe(200);
      expect(interim.json().ticket.pendingExtensionUntil).not.toBeNull();
      expect(await actions()).toContain('approve_extension');

      expect(await actions()).toContain('reject_extension');
      // The supervisors' queue of promises waiting for a decision lists it; officers have none.
      const queue = async () =>
        (await supervisor.get('/api/tickets?inbox=extensions')).json().items.map((x: { id: string }) => x.id);
      expect(await queue()).toEqual([t.id]);
      expect((await officer.get('/api/tickets?inbox=extensions')).statusCode).toBe(403);

      const approved = await supervisor.post(`/api/tickets/${t.id}/approve-extension`);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().ticket.allowedActions).not.toContain('approve_extension');
      expect(await actions()).not.toContain('approve_extension');
      expect(await actions()).not.toContain('reject_extension');
      expect(await queue()).toEqual([]);
    });

    it('lets a supervisor turn a longer promise down: the deadline stays at the allowed extension', async () => {
      const t = await submit('体育馆地板开裂');
      await officer.post(`/api/tickets/${t.id}/accept`);
      const interim = await officer.post(`/api/tickets/${t.id}/reply-interim`, {
        reason: '需要专业厂家维修',
        promisedDate: '2025-12-31',
      });
      const limited = interim.json().ticket;
      expect(limited.pendingExtensionUntil).not.toBeNull();
      const r = await supervisor.post(`/api/tickets/${t.id}/reject-extension`, { reason: '请先临时修补' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().ticket).toMatchObject({ pendingExtensionUntil: null, resolveDueAt: limited.resolveDueAt });
      expect(r.json().ticket.allowedActions).not.toContain('reject_extension');
      const entry = r.json().timeline.at(-1);
      expect(entry).toMatchObject({
        type: 'extension_rejected',
        visibility: 'internal',
        data: { reason: '请先临时修补' },
      });
      // The submitter's timeline does not show it.
      const mine = (await student.get(`/api/tickets/${t.id}`)).json().timeline.map((e: { type: string }) => e.type);
      expect(mine).not.toContain('extension_rejected');
      const again = await supervisor.post(`/api/tickets/${t.id}/reject-extension`, {});
      expect(again.json().code).toBe('TICKET_NO_PENDING_EXTENSION');
    });

    it('acts on a request named by its reference, as the pages open it', async () => {
      const t = await submit('操场路灯不亮');
      const accepted = await officer.post(`/api/tickets/${t.ref}/accept`);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().ticket).toMatchObject({ id: t.id, status: 'processing' });
      const done = await officer.post(`/api/tickets/${t.ref}/resolve`, { outcome: 'resolved', text: '已更换灯泡。' });
      expect(done.json().ticket.status).toBe('resolved');
      const rated = await student.post(`/api/tickets/${t.ref}/rate`, { attitude: 5, quality: 4, solved: true });
      expect(rated.statusCode, rated.body).toBe(200);
      expect((await student.post('/api/tickets/20000101-0001/withdraw', {})).statusCode).toBe(404);
    });

    it('offers "escalate" only while it would take the request higher', async () => {
      const t = await submit('图书馆三楼空调漏水');
      await officer.post(`/api/tickets/${t.id}/accept`);
      const actions = async () => (await supervisor.get(`/api/tickets/${t.id}`)).json().ticket.allowedActions;
      expect(await actions()).toContain('escalate');
      const up = await supervisor.post(`/api/tickets/${t.id}/escalate`, { reason: '请校领导协调' });
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json().ticket.escalationLevel).toBe(3);
      expect(up.json().ticket.allowedActions).not.toContain('escalate');
      expect(await actions()).not.toContain('escalate');
    });

    it('takes a request to the leader level only where a leader is in charge of its unit', async () => {
      // The academic office (教务处) has no leader in charge in this university.
      const r = await student.post('/api/tickets', {
        categoryId: w.categories.teaching.id,
        title: '选课系统无法登录',
        body: '选课系统一直提示密码错误。',
      });
      const t = r.json() as { id: string };
      const actions = async () => (await supervisor.get(`/api/tickets/${t.id}`)).json().ticket.allowedActions;
      expect(await actions()).not.toContain('escalate');
      const supervisorEn = await Client.signIn(w, 'supervisor', 'en-US');
      const refused = await supervisorEn.post(`/api/tickets/${t.id}/escalate`, { reason: '请校领导协调' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'NO_LEADER_IN_CHARGE', title: 'No leader in charge' });
      expect((await supervisor.get(`/api/tickets/${t.id}`)).json().ticket.escalationLevel).toBe(0);

      // Once the admin puts the leader in charge of it too, the action is there and works.
      const admin = await Client.signIn(w, 'admin');
      const leaderId = w.users.leader as string;
      const changed = await admin.req('PATCH', `/api/users/${leaderId}`, {
        grants: [
          { role: 'leader', unitId: w.units.logistics.id },
          { role: 'leader', unitId: w.units.academic.id },
        ],
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(await actions()).toContain('escalate');
      const up = await supervisor.post(`/api/tickets/${t.id}/escalate`, { reason: '请校领导协调' });
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json().ticket.escalationLevel).toBe(3);
    });

    it('says which field to fill in, how long a password must be and what a username may hold', async () => {
      const admin = await Client.signIn(w, 'admin');
      const empty = await admin.post('/api/users', { username: '', displayName: '新用户' });
      expect(empty.statusCode).toBe(422);
      expect(empty.json()).toMatchObject({ code: 'VALIDATION', detail: '请填写“用户名”。' });

      const noName = await admin.post('/api/units', { code: 'NEW', nameZh: '  ' });
      expect(noName.json()).toMatchObject({ code: 'VALIDATION', detail: '请填写“中文名称”。' });

      const short = await admin.post('/api/users', { username: 'new.user', displayName: '新用户', password: 'short' });
      expect(short.json().errors[0]).toMatchObject({ field: 'password', detail: '“密码”至少需要 8 个字符。' });

      const adminEn = await Client.signIn(w, 'admin', 'en-US');
      const bad = await adminEn.post('/api/users', { username: '张三', displayName: 'Zhang San' });
      expect(bad.json()).toMatchObject({
        code: 'VALIDATION',
        detail: '"username" takes 2 to 64 letters, digits or the characters _ . @ -',
      });

      // Schema errors too: a required property left out.
      const missing = await student.post('/api/tokens', {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0]).toMatchObject({ code: 'VALIDATION', field: 'name', detail: '请填写“名称”。' });
    });
  });
}
