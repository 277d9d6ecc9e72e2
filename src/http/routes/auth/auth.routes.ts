import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createApiToken, signIn, signOut } from '../../../app/sessions/sessions.ts';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import { utcOffsetMinutes } from '../../../domain/calendar/working-days.ts';
import { requireUser, SESSION_COOKIE } from '../../plugins/auth.ts';
import { Instant, Nullable, ProblemResponses, RoleGrant, User } from '../../schemas.ts';

const Me = Type.Object({
  user: User,
  grants: Type.Array(RoleGrant),
  csrfToken: Nullable(Type.String()),
  timeZone: Type.String({ description: "The institution's IANA time zone (TIME_ZONE), in which to show instants" }),
  utcOffsetMinutes: Type.Integer({
    description: "That zone's UTC offset now, in minutes east of UTC (Asia/Shanghai: 480)",
  }),
});

export const authRoutes: FastifyPluginAsyncTypebox<{
  deps: AppDeps;
  secureCookies: boolean;
  loginRateLimit: number;
}> = async (app, { deps, secureCookies, loginRateLimit }) => {
  /** The institution's time zone and its offset now, which clients use to show instants. */
  const zone = () => ({
    timeZone: deps.settings.timeZone,
    utcOffsetMinutes: utcOffsetMinutes(deps.settings.timeZone, deps.clock.now()),
  });

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a local account; sets an httpOnly session cookie',
        description:
          'Unsafe requests made with the cookie must send the returned csrfToken in the X-CSRF-Token header.',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Me, ...ProblemResponses },
      },
      config: { rateLimit: { max: loginRateLimit, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { sessionId, csrfToken, user, expiresAt } = await signIn(deps, req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        path: '/',
        expires: new Date(expiresAt),
      });
      return { user, grants: await deps.db.stores.users.grants(user.id), csrfToken, ...zone() };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null(), ...ProblemResponses } } },
    async (req, reply) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) await signOut(deps, sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: "The signed-in user, roles and CSRF token, and the institution's time zone",
        response: { 200: Me, ...ProblemResponses },
      },
    },
    async (req) => {
      const a = requireUser(req);
      return { user: a.user, grants: [...a.actor.grants], csrfToken: a.csrfToken, ...zone() };
    },
  );

  const Token = Type.Object({
    id: Type.String(),
    name: Type.String(),
    createdAt: Instant,
    lastUsedAt: Nullable(Instant),
    revokedAt: Nullable(Instant),
  });

  app.get(
    '/tokens',
    { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: Type.Array(Token), ...ProblemResponses } } },
    async (req) => {
      const a = requireUser(req);
      return deps.db.stores.sessions.tokensOf(a.user.id);
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (Bearer) for an integration; the token is shown once',
        description:
          'Needs a signed-in session (cookie): a request authenticated by an API token gets 403 TOKEN_NEEDS_SIGN_IN, so that a leaked token cannot make spare ones that outlive its revocation.',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      const a = requireUser(req);
      if (a.via !== 'session') throw new AppError('TOKEN_NEEDS_SIGN_IN');
      return reply.status(201).send(await createApiToken(deps, a.user.id, req.body.name));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: Type.Object({ id: Type.String() }),
        response: { 204: Type.Null(), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      const a = requireUser(req);
      if (!(await deps.db.stores.sessions.revokeToken(req.params.id, a.user.id, deps.clock.now())))
        throw new AppError('NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
};
