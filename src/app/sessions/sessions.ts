import type { Actor } from '../../domain/actor.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { User } from '../ports/store.ts';

export const LOCAL_PROVIDER = 'local';

export interface SignedIn {
  user: User;
  actor: Extract<Actor, { kind: 'user' }>;
  /** Present for cookie sessions: unsafe requests must echo it in X-CSRF-Token. */
  csrfToken: string | null;
  via: 'session' | 'token';
}

/** Checks a local password (argon2id, only here) and opens a session; returns the raw session id once. */
export async function signIn(
  deps: AppDeps,
  username: string,
  password: string,
): Promise<{ sessionId: string; csrfToken: string; user: User; expiresAt: number }> {
  const s = deps.db.stores;
  const user = await s.users.getByUsername(username.trim());
  const identity = user ? await s.users.identity(LOCAL_PROVIDER, user.username) : null;
  const valid =
    !!user && user.active && !!identity?.secretHash && (await deps.passwords.verify(identity.secretHash, password));
  if (!valid || !user) throw new AppError('AUTH_INVALID_CREDENTIALS');
  const sessionId = deps.secrets.randomToken();
  const csrfToken = deps.secrets.randomToken();
  const now = deps.clock.now();
  const expiresAt = now + deps.settings.sessionTtlMs;
  await s.sessions.insert({
    idHash: deps.secrets.digest(sessionId),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return { sessionId, csrfToken, user, expiresAt };
}

export async function signOut(deps: AppDeps, sessionId: string): Promise<void> {
  await deps.db.stores.sessions.delete(deps.secrets.digest(sessionId));
}

async function actorOf(deps: AppDeps, user: User): Promise<Extract<Actor, { kind: 'user' }>> {
  return { kind: 'user', userId: user.id, grants: await deps.db.stores.users.grants(user.id) };
}

/** Finds the user behind a session id: one SHA-256 digest and one index lookup, no slow hash. */
export async function authenticateSession(deps: AppDeps, sessionId: string): Promise<SignedIn | null> {
  const s = deps.db.stores;
  const session = await s.sessions.get(deps.secrets.digest(sessionId), deps.clock.now());
  if (!session) return null;
  const user = await s.users.get(session.userId);
  if (!user?.active) return null;
  return { user, actor: await actorOf(deps, user), csrfToken: session.csrfToken, via: 'session' };
}

/** Finds the user behind an API token (Bearer). */
export async function authenticateToken(deps: AppDeps, token: string): Promise<SignedIn | null> {
  const s = deps.db.stores;
  const t = await s.sessions.tokenByHash(deps.secrets.digest(token));
  if (!t || t.revokedAt !== null) return null;
  const user = await s.users.get(t.userId);
  if (!user?.active) return null;
  const now = deps.clock.now();
  // Recording use at most once a minute keeps token calls free of a write each.
  if (t.lastUsedAt === null || now - t.lastUsedAt > 60_000) await s.sessions.touchToken(t.id, now);
  return { user, actor: await actorOf(deps, user), csrfToken: null, via: 'token' };
}

/** Creates an API token for integrations; the raw value is shown once and stored only as a digest. */
export async function createApiToken(
  deps: AppDeps,
  userId: string,
  name: string,
): Promise<{ id: string; token: string }> {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('VALIDATION', 'name');
  const token = `nlt_${deps.secrets.randomToken()}`;
  const id = deps.ids.next();
  await deps.db.stores.sessions.insertToken({
    id,
    userId,
    name: trimmed,
    tokenHash: deps.secrets.digest(token),
    createdAt: deps.clock.now(),
    lastUsedAt: null,
    revokedAt: null,
  });
  return { id, token };
}
