import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

for (const dialect of dialects) {
  describe(`instants in query strings (${dialect.name})`, () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await dialect.open());
    });
    afterEach(async () => w.close());

    // The README's example, typed into a URL as written: the "+" of +08:00 arrives as a space.
    it('an unencoded "+" before the offset is explained, in both languages', async () => {
      const zh = await (await Client.signIn(w, 'student')).get(
        '/api/calendar/due?from=2025-09-30T10:00:00+08:00&days=3',
      );
      expect(zh.statusCode).toBe(400);
      expect(zh.json().errors).toEqual([
        {
          field: 'from',
          code: 'VALIDATION',
          detail:
            '“起始时间”的时区前的“+”在网址中被当作了空格：请写成 %2B（如 2025-09-30T10:00:00%2B08:00），或用 UTC 时间加 Z（如 2025-09-30T02:00:00Z）。',
        },
      ]);

      const supervisor = await Client.signIn(w, 'supervisor', 'en-US');
      const en = await supervisor.get('/api/tickets?inbox=all&from=2025-09-01T00:00:00+08:00');
      expect(en.statusCode).toBe(400);
      expect(en.json().errors[0].detail).toContain('arrived as a space');
      expect(en.json().errors[0].detail).toContain('%2B');

      // Encoded, it works; other malformed instants keep the general message.
      const ok = await supervisor.get('/api/tickets?inbox=all&from=2025-09-01T00:00:00%2B08:00');
      expect(ok.statusCode).toBe(200);
      const other = await supervisor.get('/api/tickets?inbox=all&from=2025-09-01');
      expect(other.json().errors[0].detail).toBe(
        '"from" must be an ISO 8601 time with an offset, such as 2025-09-30T10:00:00+08:00.',
      );
    });
  });
}
