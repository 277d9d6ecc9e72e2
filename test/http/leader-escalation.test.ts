/**
 * The automatic escalation to the leader level (a policy's leaderAfterDays) happens only for
 * a unit with a leader in charge, as a supervisor's by hand does (409 NO_LEADER_IN_CHARGE):
 * a unit without one keeps its overdue request with the global supervisors instead of
 * sending it to a level nobody holds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepDueTickets } from '../../src/app/tickets/sweep-due-tickets.ts';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`automatic escalation to the leader in charge (${dialect.name})`, () => {
    let w: World;
    let student: Client;
    let admin: Client;

    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
      student = await Client.signIn(w, 'student');
      admin = await Client.signIn(w, 'admin');
    });
    afterEach(async () => w.close());

    const submit = async (categoryId: string, title: string) => {
      const r = await student.post('/api/tickets', { categoryId, title, body: `${title}。` });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };

    it('takes the request of a unit with a leader to the leader, and stops at the supervisors for one without', async () => {
      // Both units: to the leader 1 working day after the supervisors. Only logistics has a leader.
      for (const unit of [w.units.logistics, w.units.academic]) {
        const r = await admin.req('PUT', '/api/policies', {
          unitId: unit.id,
          categoryId: null,
          policy: { leaderAfterDays: 1 },
        });
        expect(r.statusCode, r.body).toBe(200);
      }
      const withLeader = await submit(w.categories.repair.id, '宿舍楼顶漏水');
      const withoutLeader = await submit(w.categories.teaching.id, '选课系统打不开');

      // Monday 2025-09-01: resolve by Thursday the 4th, the supervisors after Monday the 8th,
      // the leader after Tuesday the 9th. Sweep every day until well after.
      for (let day = 2; day <= 30; day++) {
        w.clock.set(`2025-09-${String(day).padStart(2, '0')}T00:00:01+08:00`);
        await sweepDueTickets(w.deps);
      }
      const supervisor = await Client.signIn(w, 'supervisor');
      const led = (await supervisor.get(`/api/tickets/${withLeader}`)).json().ticket;
      expect(led.escalationLevel).toBe(3);
      const unled = await supervisor.get(`/api/tickets/${withoutLeader}`);
      expect(unled.json().ticket.escalationLevel).toBe(2);
      expect(unled.json().timeline.filter((e: { type: string }) => e.type === 'escalated')).toHaveLength(2);
    });
  });
}
