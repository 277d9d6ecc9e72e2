import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

/**
 * The role × action × ownership matrix over HTTP, for a ticket being processed by the
 * logistics office (后勤), submitted by `student`. Written out literally: a change of the
 * rules must change this table on purpose.
 */
const VISIBLE_ACTIONS: Record<string, string[] | 'hidden'> = {
  student: ['withdraw'],
  student2: 'hidden',
  officer: ['reply_interim', 'request_info', 'resolve', 'return', 'note'],
  officer_academic: 'hidden',
  officer_it: 'hidden',
  inspector: ['urge', 'escalate', 'note'],
  inspector_academic: 'hidden',
  leader: ['urge', 'instruct', 'note'],
  supervisor: ['approve_extension', 'reassign', 'set_co_handlers', 'urge', 'escalate', 'note', 'merge'],
  admin: [],
};

const ACTIONS = [
  'accept',
  'reply_interim',
  'approve_extension',
  'request_info',
  'provide_info',
  'resolve',
  'return',
  'reassign',
  'set_co_handlers',
  'urge',
  'escalate',
  'instruct',
  'note',
  'rate',
  'reopen',
  'withdraw',
  'merge',
  'mark_excellent',
];

for (const dialect of dialects) {
  describe(`authorization matrix (${dialect.name})`, () => {
    let w: World;
    let clients: Record<string, Client>;
    let student: Client;
    beforeAll(async () => {
      w = await makeWorld(await dialect.open());
      clients = {};
      for (const name of Object.keys(VISIBLE_ACTIONS)) clients[name] = await Client.signIn(w, name);
      student = clients.student!;
    });
    afterAll(async () => w.close());

    async function processingTicket(anonymous = false) {
      const t = (
        await student.post('/api/tickets', {
          categoryId: w.categories.repair.id,
          title: '教室灯管闪烁',
          body: '第二教学楼201教室灯管一直闪',
          anonymousToUnit: anonymous,
        })
      ).json();
      await clients.officer!.post(`/api/tickets/${t.id}/accept`);
      return t.id as string;
    }

    const body = (action: string, other: string): Record<string, unknown> =>
      ({
        reply_interim: { reason: '等待配件', promisedDate: '2025-09-05' },
        request_info: { question: '哪一排？' },
        provide_info: { text: '第三排' },
        resolve: { outcome: 'resolved', text: '已更换' },
        return: { reason: '不属于本单位' },
        reassign: { unitId: w.units.it.id },
        set_co_handlers: { leadUnitId: w.units.logistics.id, coUnitIds: [w.units.it.id] },
        urge: { message: '请尽快办理', deadlineDate: '2025-09-03' },
        escalate: { reason: '多次催办未果' },
        instruct: { text: '请本周解决' },
        note: { text: '内部备注' },
        rate: { attitude: 5, quality: 5, solved: true },
        reopen: { reason: '没解决' },
        withdraw: {},
        merge: { intoTicketId: other },
        mark_excellent: { excellent: true },
      })[action] ?? {};

    it('shows each account exactly the actions the rules allow', async () => {
      const id = await processingTicket();
      for (const [name, expected] of Object.entries(VISIBLE_ACTIONS)) {
        const r = await clients[name]!.get(`/api/tickets/${id}`);
        if (expected === 'hidden') {
          expect(r.statusCode, name).toBe(404);
        } else {
          expect(r.statusCode, name).toBe(200);
          // No extension waits on this ticket: approving one is the supervisor's by role but
          // not offered (handler-clarity.test.ts shows it offered while one waits).
          expect(r.json().ticket.allowedActions, name).toEqual(expected.filter((a) => a !== 'approve_extension'));
        }
      }
    });

    it('performs every allowed action and refuses every other one without changing the ticket', async () => {
      const other = await processingTicket();
      for (const [name, expected] of Object.entries(VISIBLE_ACTIONS)) {
        for (const action of ACTIONS) {
          const id = await processingTicket();
          const r = await clients[name]!.post(`/api/tickets/${id}/${action.replaceAll('_', '-')}`, body(action, other));
          const label = `${name} ${action}`;
          if (expected === 'hidden') {
            expect(r.statusCode, label).toBe(404);
          } else if (expected.includes(action)) {
            // approve_extension is allowed to supervisors but this ticket has no extension waiting.
            expect(r.statusCode, `${label}: ${r.body}`).toBe(action === 'approve_extension' ? 409 : 200);
          } else {
            expect([403, 409], `${label}: ${r.body}`).toContain(r.statusCode);
          }
          if (r.statusCode !== 200) {
            const after = (await clients.supervisor!.get(`/api/tickets/${id}`)).json();
            expect(after.ticket.status, label).toBe('processing');
            expect(after.timeline.length, label).toBe(2);
          }
        }
      }
    });

    it('hides an anonymous submitter from the unit but not from supervisors', async () => {
      const id = await processingTicket(true);
      const unitView = (await clients.officer!.get(`/api/tickets/${id}`)).json();
      expect(unitView.ticket.submitter).toBeNull();
      expect(JSON.stringify(unitView)).not.toContain(w.users.student);
      for (const name of ['inspector', 'leader']) {
        expect((await clients[name]!.get(`/api/tickets/${id}`)).json().ticket.submitter, name).toBeNull();
      }
      const supView = (await clients.supervisor!.get(`/api/tickets/${id}`)).json();
      expect(supView.ticket.submitter.displayName).toBe('student 测试');
      const own = (await student.get(`/api/tickets/${id}`)).json();
      expect(own.ticket.submitter.id).toBe(w.users.student);
    });

    it('limits inboxes to what each role may see', async () => {
      await processingTicket();
      expect((await clients.student2!.get('/api/tickets?inbox=mine')).json().items).toEqual([]);
      expect((await clients.officer_academic!.get('/api/tickets?inbox=unit')).json().items).toEqual([]);
      expect((await clients.student!.get('/api/tickets?inbox=dispatch')).statusCode).toBe(403);
      expect((await clients.student!.get('/api/tickets?inbox=unit')).statusCode).toBe(403);
      const all = (await clients.inspector_academic!.get('/api/tickets?inbox=all')).json();
      expect(all.items).toEqual([]);
      expect((await clients.supervisor!.get('/api/tickets?inbox=all')).json().items.length).toBeGreaterThan(0);
    });
  });
}
