import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import {
  authenticateSession,
  authenticateToken,
  forgetTokenSignIns,
  type SignedIn,
} from '../../app/sessions/sessions.ts';
import type { Role } from '../../domain/actor.ts';
import { HttpError } from '../errors.ts';

export const SESSION_COOKIE = 'nlt_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: SignedIn | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes whose unsafe requests never revoke a token, deactivate a user or change grants:
 * tickets and their actions, photo uploads. Every other signed-in unsafe request (token and
 * user administration, sign-out, anything added later) drops the cached token sign-ins of
 * this process, so that such a change applies to the very next request. (Requests without a
 * signed-in user cannot make such changes; not letting them clear the cache keeps failed
 * sign-ins from emptying it.) Admin changes are rare; the requests integrations repeat are
 * the ones listed here.
 */
const KEEPS_TOKEN_SIGN_INS = /^\/api\/(?:tickets|uploads)(?:\/|$)/;

/**
 * Finds the caller: a Bearer API token, or the session cookie. Cookie-authenticated unsafe
 * requests must carry the session's CSRF token in X-CSRF-Token (the cookie alone is not proof
 * of intent); token requests need none, since browsers never attach them by themselves.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { deps: AppDeps }) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    // The scheme is case-insensitive (RFC 7235 §2.1): bearer, Bearer and BEARER alike.
    const bearer = /^bearer(?:[ \t]+(.*))?$/is.exec(req.headers.authorization ?? '');
    if (bearer) {
      req.auth = await authenticateToken(opts.deps, (bearer[1] ?? '').trim());
      // Not "sign in": an integration sent a token, and that token is what is wrong.
      if (!req.auth) throw new HttpError('AUTH_TOKEN_INVALID');
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) return;
    req.auth = await authenticateSession(opts.deps, sid);
    if (req.auth && !SAFE.has(req.method) && req.headers['x-csrf-token'] !== req.auth.csrfToken) {
      throw new AppError('AUTH_CSRF');
    }
  });
  // onSend: after the handler's writes, before the client can see the answer and send the
  // next request (for errors too: a failed request may have changed something first).
  app.addHook('onSend', async (req) => {
    if (req.auth !== null && !SAFE.has(req.method) && !KEEPS_TOKEN_SIGN_INS.test(req.routeOptions.url ?? '')) {
      forgetTokenSignIns(opts.deps);
    }
  });
});

export function requireUser(req: FastifyRequest): SignedIn {
  if (!req.auth) throw new AppError('AUTH_REQUIRED');
  return req.auth;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): SignedIn {
  const a = requireUser(req);
  if (!a.actor.grants.some((g) => roles.includes(g.role))) throw new AppError('FORBIDDEN');
  return a;
}
