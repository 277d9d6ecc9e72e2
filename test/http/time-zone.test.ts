import { afterEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, PASSWORD, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

// GET /api/me (and the sign-in answer) tell the apps the institution's time zone, in which they
// show every instant whatever the device's own zone is.
for (const dialect of dialects) {
  describe(`The institution's time zone in /api/me (${dialect.name})`, () => {
    let w: World | undefined;
    afterEach(async () => {
      await w?.close();
      w = undefined;
    });

    it('answers Asia/Shanghai and +480 minutes by default, on sign-in and on /api/me', async () => {
      w = await makeWorld(await dialect.open());
      const login = await w.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'student', password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ timeZone: 'Asia/Shanghai', utcOffsetMinutes: 480 });
      const me = await (await Client.signIn(w, 'student')).get('/api/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ timeZone: 'Asia/Shanghai', utcOffsetMinutes: 480 });
    });

    it('answers a configured TIME_ZONE with its offset at the current instant (daylight saving)', async () => {
      // New York in October: daylight saving time, UTC−4.
      w = await makeWorld(await dialect.open(), '2025-10-20T09:00:00-04:00', {}, { timeZone: 'America/New_York' });
      const student = await Client.signIn(w, 'student');
      const summer = await student.get('/api/me');
      expect(summer.json()).toMatchObject({ timeZone: 'America/New_York', utcOffsetMinutes: -240 });
      // After 2 November: standard time, UTC−5 (the same session).
      w.clock.set('2025-11-10T09:00:00-05:00');
      const winter = await student.get('/api/me');
      expect(winter.statusCode).toBe(200);
      expect(winter.json()).toMatchObject({ timeZone: 'America/New_York', utcOffsetMinutes: -300 });
    });

    it('answers offsets that are not whole hours', async () => {
      w = await makeWorld(await dialect.open(), '2025-09-01T09:00:00+05:45', {}, { timeZone: 'Asia/Kathmandu' });
      const me = await (await Client.signIn(w, 'student')).get('/api/me');
      expect(me.json()).toMatchObject({ timeZone: 'Asia/Kathmandu', utcOffsetMinutes: 345 });
    });

    it('still refuses /api/me without a session', async () => {
      w = await makeWorld(await dialect.open());
      expect((await Client.anonymous(w).get('/api/me')).statusCode).toBe(401);
    });
  });
}
