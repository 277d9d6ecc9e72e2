import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDueTickets } from '../../src/app/tickets/sweep-due-tickets.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const iso = (ms: number) => new Date(ms).toISOString();

for (const dialect of dialects) {
  describe(`ticket lifecycle over HTTP (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let officer: Client;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      officer = await Client.signIn(w, 'officer');
    });
    afterEach(async () => w.close());

    async function submit(c: Client, body: Record<string, unknown> = {}, headers?: Record<string, string>) {
      return c.post(
        '/api/tickets',
        {
          categoryId: w.categories.repair.id,
          title: '宿舍热水器坏了',
          body: '东区3号楼312室热水器不出热水，已经两天了。',
          place: '东区3号楼312',
          ...body,
        },
        headers,
      );
    }

    it('runs the closed loop: submit, accept, interim reply, ask, answer, resolve, rate', async () => {
      const r = await submit(student);
      expect(r.statusCode).toBe(201);
      const t = r.json();
      expect(t.status).toBe('pending');
      expect(t.unit.nameZh).toBe('后勤管理处');
      expect(t.ref).toMatch(/^20250901-0001$/);
      // Monday 09:00 → accept by end of Tuesday, resolve by end of Thursday (Asia/Shanghai).
      expect(iso(t.acceptDueAt)).toBe('2025-09-02T15:59:59.000Z');
      expect(iso(t.resolveDueAt)).toBe('2025-09-04T15:59:59.000Z');

      const inbox = (await officer.get('/api/tickets?inbox=unit')).json();
      expect(inbox.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
      expect(inbox.items[0].allowedActions).toContain('accept');

      expect((await officer.post(`/api/tickets/${t.id}/accept`)).json().ticket.status).toBe('processing');
      const interim = await officer.post(`/api/tickets/${t.id}/reply-interim`, {
        reason: '需要采购配件',
        promisedDate: '2025-09-10',
      });
      expect(interim.statusCode).toBe(200);
      expect(iso(interim.json().ticket.resolveDueAt)).toBe('2025-09-10T15:59:59.000Z');

      await officer.post(`/api/tickets/${t.id}/note`, { text: '内部：配件供应商周三到货' });
      expect(
        (await officer.post(`/api/tickets/${t.id}/request-info`, { question: '请问是哪个房间？' })).json().ticket
          .status,
      ).toBe('awaiting_submitter');
      w.clock.set('2025-09-03T10:00:00+08:00'); // two working days pass while waiting
      const answered = (await student.post(`/api/tickets/${t.id}/provide-info`, { text: '312 室' })).json().ticket;
      expect(answered.status).toBe('processing');
      // Paused Mon → Wed: the two working days (Tue, Wed) are given back.
      expect(iso(answered.resolveDueAt)).toBe('2025-09-12T15:59:59.000Z');

      const resolved = (
        await officer.post(`/api/tickets/${t.id}/resolve`, { outcome: 'resolved', text: '已更换加热棒' })
      ).json().ticket;
      expect(resolved.status).toBe('resolved');
      expect(resolved.resolvedOnTime).toBe(true);

      const rated = await student.post(`/api/tickets/${t.id}/rate`, {
        attitude: 5,
        quality: 4,
        solved: true,
        comment: '很快',
      });
      expect(rated.statusCode).toBe(200);
      expect(rated.json().ticket.status).toBe('closed');
      expect(rated.json().ticket.rating).toEqual({ attitude: 5, quality: 4, solved: true, comment: '很快' });

      const mine = (await student.get(`/api/tickets/${t.id}`)).json();
      const types = mine.timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual([
        'submitted',
        'accepted',
        'interim_replied',
        'info_requested',
        'info_provided',
        'resolved',
        'rated',
      ]);
      expect(JSON.stringify(mine)).not.toContain('配件供应商');
      const staff = (await officer.get(`/api/tickets/${t.id}`)).json();
      expect(staff.timeline.map((e: { type: string }) => e.type)).toContain('noted');
    });

    it('escalates exactly once at the working-day instant, then to the supervisors', async () => {
      const t = (await submit(student)).json();
      await officer.post(`/api/tickets/${t.id}/accept`);
      w.clock.t = t.resolveDueAt - 1;
      expect((await sweepDueTickets(w.deps)).escalated).toBe(0);
      w.clock.t = t.resolveDueAt;
      const first = await sweepDueTickets(w.deps);
      expect(first.escalated).toBe(1);
      expect((await sweepDueTickets(w.deps)).escalated).toBe(0);
      const after = (await officer.get(`/api/tickets/${t.id}`)).json();
      expect(after.ticket.escalationLevel).toBe(1);
      expect(after.ticket.overdue).toBe(false);
      const inspector = await Client.signIn(w, 'inspector');
      const escalated = (await inspector.get('/api/tickets?inbox=escalated')).json();
      expect(escalated.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
      // Thursday end + 2 working days = Monday 2025-09-08 end of day.
      w.clock.set('2025-09-08T23:59:58+08:00');
      expect((await sweepDueTickets(w.deps)).escalated).toBe(0);
      w.clock.set('2025-09-08T23:59:59+08:00');
      expect((await sweepDueTickets(w.deps)).escalated).toBe(1);
      expect((await officer.get(`/api/tickets/${t.id}`)).json().ticket.escalationLevel).toBe(2);
      const supervisor = await Client.signIn(w, 'supervisor');
      const toLeader = await supervisor.post(`/api/tickets/${t.id}/escalate`, { reason: '请分管校领导批示' });
      expect(toLeader.json().ticket.escalationLevel).toBe(3);
      const leader = await Client.signIn(w, 'leader');
      const instructed = await leader.post(`/api/tickets/${t.id}/instruct`, { text: '请后勤本周内解决' });
      expect(instructed.statusCode).toBe(200);
    });

    it('records a reminder when not accepted in time, and auto-closes unrated tickets after 7 days', async () => {
      const t = (await submit(student)).json();
      w.clock.t = t.acceptDueAt;
      expect((await sweepDueTickets(w.deps)).reminded).toBe(1);
      expect((await sweepDueTickets(w.deps)).reminded).toBe(0);
      await officer.post(`/api/tickets/${t.id}/accept`);
      await officer.post(`/api/tickets/${t.id}/resolve`, { outcome: 'explained', text: '按规定需自行更换' });
      w.clock.advance(7 * 86_400_000 - 1000);
      expect((await sweepDueTickets(w.deps)).autoClosed).toBe(0);
      w.clock.advance(1000);
      expect((await sweepDueTickets(w.deps)).autoClosed).toBe(1);
      const closed = (await student.get(`/api/tickets/${t.id}`)).json().ticket;
      expect(closed.status).toBe('closed');
      expect(closed.closedUnrated).toBe(true);
      expect(closed.rating).toBeNull();
      const reopen = await student.post(`/api/tickets/${t.id}/reopen`, { reason: '没有解决' });
      expect(reopen.statusCode).toBe(409);
      expect(reopen.json().code).toBe('TICKET_REOPEN_WINDOW_CLOSED');
    });

    it('returns to the dispatch queue, the supervisor reassigns, the old unit keeps read-only access', async () => {
      const t = (await submit(student)).json();
      const noReason = await officer.post(`/api/tickets/${t.id}/return`, { reason: '  ' });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().code).toBe('TICKET_REASON_REQUIRED');
      const returned = await officer.post(`/api/tickets/${t.id}/return`, { reason: '属于教务处职责' });
      expect(returned.json().ticket.status).toBe('dispatch');
      const supervisor = await Client.signIn(w, 'supervisor');
      const queue = (await supervisor.get('/api/tickets?inbox=dispatch')).json();
      expect(queue.items.map((x: { id: string }) => x.id)).toContain(t.id);
      const re = await supervisor.post(`/api/tickets/${t.id}/reassign`, {
        unitId: w.units.academic.id,
        reason: '教学设施',
      });
      expect(re.json().ticket.status).toBe('pending');
      expect(re.json().ticket.unit.id).toBe(w.units.academic.id);
      // The former unit still reads it but can no longer act on it.
      const old = await officer.get(`/api/tickets/${t.id}`);
      expect(old.statusCode).toBe(200);
      expect(old.json().ticket.allowedActions).toEqual([]);
      expect((await officer.post(`/api/tickets/${t.id}/accept`)).statusCode).toBe(403);
      const academic = await Client.signIn(w, 'officer_academic');
      expect((await academic.post(`/api/tickets/${t.id}/accept`)).json().ticket.status).toBe('processing');
    });

    it('reopens when the submitter is unsatisfied: back to the unit, flagged', async () => {
      const t = (await submit(student)).json();
      await officer.post(`/api/tickets/${t.id}/accept`);
      await officer.post(`/api/tickets/${t.id}/resolve`, { outcome: 'resolved', text: '已修好' });
      await student.post(`/api/tickets/${t.id}/rate`, { attitude: 2, quality: 1, solved: false });
      const r = await student.post(`/api/tickets/${t.id}/reopen`, { reason: '还是没有热水' });
      expect(r.statusCode).toBe(200);
      expect(r.json().ticket).toMatchObject({ status: 'pending', flagged: true, reopenCount: 1, rating: null });
      expect(r.json().ticket.unit.id).toBe(w.units.logistics.id);
    });

    it('sends a ticket without a clear unit to the dispatch queue; withdraw and merge', async () => {
      // Explicit nulls stay null (a JSON body is never type-coerced: null must not become "").
      const a = (await submit(student, { categoryId: w.categories.suggestion.id, unitId: null, place: null })).json();
      expect(a.status).toBe('dispatch');
      expect(a.place).toBeNull();
      expect(a.unit).toBeNull();
      const b = (await submit(student)).json();
      const supervisor = await Client.signIn(w, 'supervisor');
      const merged = await supervisor.post(`/api/tickets/${b.id}/merge`, { intoTicketId: a.id });
      expect(merged.json().ticket).toMatchObject({ status: 'merged', mergedInto: a.id });
      const w1 = await student.post(`/api/tickets/${a.id}/withdraw`, { reason: '已自行解决' });
      expect(w1.json().ticket.status).toBe('withdrawn');
      expect((await student.get(`/api/tickets/${b.id}`)).statusCode).toBe(200);
    });

    it('gives the submitter of a merged duplicate the answer of the request it was merged into', async () => {
      const student2 = await Client.signIn(w, 'student2');
      const first = (await submit(student2, { title: '二食堂菜太咸', body: '二食堂的菜最近太咸了。' })).json();
      const dup = (await submit(student, { title: '二食堂的菜太咸了', body: '希望食堂少放盐。' })).json();
      const supervisor = await Client.signIn(w, 'supervisor');
      const merged = await supervisor.post(`/api/tickets/${dup.id}/merge`, { intoTicketId: first.ref });
      expect(merged.json().mergedOutcome).toEqual({ id: first.id, ref: first.ref, status: 'pending', answer: null });
      // The other request itself stays out of reach: it is someone else's.
      expect((await student.get(`/api/tickets/${first.id}`)).statusCode).toBe(404);

      await officer.post(`/api/tickets/${first.id}/accept`);
      await officer.post(`/api/tickets/${first.id}/note`, { text: '内部：已约谈食堂经理' });
      const done = await officer.post(`/api/tickets/${first.id}/resolve`, {
        outcome: 'resolved',
        text: '已要求二食堂减盐。',
      });
      expect(done.statusCode).toBe(200);
      expect(done.json().mergedOutcome).toBeNull();

      const mine = (await student.get(`/api/tickets/${dup.id}`)).json();
      expect(mine.ticket.status).toBe('merged');
      expect(mine.mergedOutcome).toMatchObject({
        ref: first.ref,
        status: 'resolved',
        answer: { outcome: 'resolved', text: '已要求二食堂减盐。' },
      });
      // Nothing of the other submitter, nor the internal note.
      const text = JSON.stringify(mine.mergedOutcome);
      expect(text).not.toContain('student2');
      expect(text).not.toContain('约谈');
    });

    it('a retried submission with the same Idempotency-Key returns the first ticket', async () => {
      const first = await submit(student, {}, { 'idempotency-key': 'k-1' });
      const again = await submit(student, {}, { 'idempotency-key': 'k-1' });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const parallel = await Promise.all([1, 2, 3].map(() => submit(student, {}, { 'idempotency-key': 'k-2' })));
      expect(new Set(parallel.map((r) => r.json().id)).size).toBe(1);
      const other = await submit(student, { title: '另一件事' }, { 'idempotency-key': 'k-1' });
      expect(other.statusCode).toBe(422);
      expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await student.get('/api/tickets?inbox=mine')).json().items).toHaveLength(2);
    });

    it('searches Chinese text in the list filter q and ranks better matches first', async () => {
      await submit(student, { title: '实验室内的空调坏了', body: '化学楼二楼实验室内空调不制冷' });
      await submit(student, { title: '图书馆座位', body: '图书馆三楼座位预约系统打不开' });
      await submit(student, { title: '校园网 WiFi 连不上', body: '宿舍校园网经常掉线' });
      const lab = (await student.get(`/api/tickets?q=${encodeURIComponent('实验室')}`)).json();
      expect(lab.items.map((x: { title: string }) => x.title)).toEqual(['实验室内的空调坏了']);
      const wifi = (await student.get('/api/tickets?q=wifi')).json();
      expect(wifi.items.map((x: { title: string }) => x.title)).toEqual(['校园网 WiFi 连不上']);
      const none = (await student.get(`/api/tickets?q=${encodeURIComponent('食堂')}`)).json();
      expect(none.items).toEqual([]);
    });
  });
}
