import { afterEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../src/http/app.ts';
import { makeWorld, type World } from '../helpers/app.ts';
import { dialects } from '../helpers/db.ts';

const sqlite = dialects.find((d) => d.name === 'sqlite');

/**
 * Behind a reverse proxy every connection comes from the proxy. The per-address sign-in limit
 * must then count each client (X-Forwarded-For, believed from the proxy only when TRUST_PROXY
 * says so), not the whole campus as one address.
 */
describe('sign-in rate limit behind a reverse proxy (TRUST_PROXY)', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function world(http: Partial<HttpOptions>): Promise<World> {
    w = await makeWorld(await (sqlite as NonNullable<typeof sqlite>).open(), undefined, { loginRateLimit: 2, ...http });
    return w;
  }

  /** Sign-in attempts relayed by a proxy at 127.0.0.1 (inject's peer address) for each client. */
  async function attempts(world: World, clients: string[]): Promise<number[]> {
    const codes: number[] = [];
    for (const client of clients) {
      const r = await world.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': client },
        payload: { username: 'student', password: 'wrong-guess' },
      });
      codes.push(r.statusCode);
    }
    return codes;
  }

  it('counts each client of a trusted proxy on its own', async () => {
    const app = await world({ trustProxy: ['loopback'] });
    const codes = await attempts(app, ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.1']);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
  });

  it('takes the address the trusted proxy saw: a client cannot pick its own by sending the header', async () => {
    const app = await world({ trustProxy: ['127.0.0.1', '10.0.0.0/8'] });
    // The proxy appends the address it saw (the clients' are public here; 10.0.0.5 is a second,
    // trusted proxy); what a client wrote before that is not believed.
    const codes = await attempts(app, [
      '1.1.1.1, 203.0.113.7',
      '2.2.2.2, 203.0.113.7',
      '3.3.3.3, 203.0.113.8, 10.0.0.5',
      '4.4.4.4, 203.0.113.7, 10.0.0.5',
    ]);
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('by default believes no header: the address of the connection counts', async () => {
    const app = await world({});
    const codes = await attempts(app, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(codes).toEqual([401, 401, 429]);
  });
});
