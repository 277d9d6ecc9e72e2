import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createCategory, createUnit, createUser } from '../../src/app/admin/directory.ts';
import type { AppDeps } from '../../src/app/context.ts';
import type { Clock } from '../../src/app/ports/runtime.ts';
import type { Category, Database, Unit } from '../../src/app/ports/store.ts';
import { depsFor } from '../../src/bootstrap.ts';
import type { RoleGrant } from '../../src/domain/actor.ts';
import { buildApp, type HttpOptions } from '../../src/http/app.ts';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public t: number) {}
  now() {
    return this.t;
  }
  set(iso: string) {
    this.t = Date.parse(iso);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export const PASSWORD = 'correct-horse-9';

export interface World {
  deps: AppDeps;
  app: FastifyInstance;
  clock: TestClock;
  units: Record<'logistics' | 'academic' | 'it', Unit>;
  categories: Record<'repair' | 'teaching' | 'suggestion', Category>;
  /** username → user id */
  users: Record<string, string>;
  close(): Promise<void>;
}

/** Accounts of the test university: one per role and relation the matrix needs. */
export const ACCOUNTS: Record<string, (u: World['units']) => RoleGrant[]> = {
  student: () => [],
  student2: () => [],
  officer: (u) => [{ role: 'officer', unitId: u.logistics.id }],
  officer_academic: (u) => [{ role: 'officer', unitId: u.academic.id }],
  officer_it: (u) => [{ role: 'officer', unitId: u.it.id }],
  inspector: (u) => [{ role: 'inspector', unitId: u.logistics.id }],
  inspector_academic: (u) => [{ role: 'inspector', unitId: u.academic.id }],
  leader: (u) => [{ role: 'leader', unitId: u.logistics.id }],
  supervisor: () => [{ role: 'supervisor', unitId: null }],
  admin: () => [{ role: 'admin', unitId: null }],
};

/**
 * Builds the API on a fresh database with a small university; the clock starts at `startIso`.
 * The institution's time zone (TIME_ZONE) is Asia/Shanghai unless `timeZone` says otherwise.
 */
export async function makeWorld(
  db: Database,
  startIso = '2025-09-01T09:00:00+08:00',
  http: Partial<HttpOptions> = {},
  { timeZone = 'Asia/Shanghai' }: { timeZone?: string } = {},
): Promise<World> {
  const clock = new TestClock(Date.parse(startIso));
  const deps = depsFor(db, { timeZone, endOfDay: '23:59:59', sessionTtlMs: 90 * 86_400_000 }, clock);
  const units = {
    logistics: await createUnit(deps, { code: 'HQ', nameZh: '后勤管理处', nameEn: 'Logistics Office' }),
    academic: await createUnit(deps, { code: 'JWC', nameZh: '教务处', nameEn: 'Academic Affairs Office' }),
    it: await createUnit(deps, { code: 'XXZX', nameZh: '信息化中心', nameEn: 'IT Center' }),
  };
  const categories = {
    repair: await createCategory(deps, {
      code: 'repair',
      nameZh: '后勤维修',
      nameEn: 'Repairs',
      defaultUnitId: units.logistics.id,
    }),
    teaching: await createCategory(deps, {
      code: 'teaching',
      nameZh: '教学教务',
      nameEn: 'Teaching',
      defaultUnitId: units.academic.id,
    }),
    suggestion: await createCategory(deps, {
      code: 'suggestion',
      nameZh: '意见建议',
      nameEn: 'Suggestions',
      defaultUnitId: null,
    }),
  };
  const users: Record<string, string> = {};
  for (const [username, grants] of Object.entries(ACCOUNTS)) {
    const u = await createUser(deps, {
      username,
      displayName: `${username} 测试`,
      password: PASSWORD,
      grants: grants(units),
      email: `${username}@example.edu`,
    });
    users[username] = u.id;
  }
  const app = await buildApp(deps, { loginRateLimit: 1000, submitRateLimit: 1000, uploadRateLimit: 1000, ...http });
  return {
    deps,
    app,
    clock,
    units,
    categories,
    users,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A signed-in API client: cookie session + CSRF token, like the web app. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    private readonly cookie: string | null,
    private readonly csrf: string | null,
    private readonly lang = 'zh-CN',
  ) {}

  static async signIn(w: World, username: string, lang = 'zh-CN'): Promise<Client> {
    const r = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    if (r.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${r.statusCode} ${r.body}`);
    const cookie = r.cookies.find((c) => c.name === 'nlt_session');
    return new Client(w.app, cookie ? `nlt_session=${cookie.value}` : null, r.json().csrfToken, lang);
  }

  static anonymous(w: World, lang = 'zh-CN') {
    return new Client(w.app, null, null, lang);
  }

  async req(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      payload: payload as never,
      headers: {
        'accept-language': this.lang,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
  }

  get(url: string) {
    return this.req('GET', url);
  }
  post(url: string, payload: unknown = {}, headers?: Record<string, string>) {
    return this.req('POST', url, payload, headers);
  }
}
