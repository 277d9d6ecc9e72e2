import type { Actor, RoleGrant } from '../../domain/actor.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import type { Database, User } from '../ports/store.ts';

export const LOCAL_PROVIDER = 'local';

export interface SignedIn {
  user: User;
  actor: Extract<Actor, { kind: 'user' }>;
  /** Present for cookie sessions: unsafe requests must echo it in X-CSRF-Token. */
  csrfToken: string | null;
  via: 'session' | 'token';
}

/**
 * Checks a local password (argon2id, only here) and opens a session; returns the raw session id
 * once. A deactivated account is told so (AUTH_ACCOUNT_DISABLED), but only with the right
 * password: a wrong one gets AUTH_INVALID_CREDENTIALS like an unknown username, so nobody
 * learns which usernames exist.
 */
export async function signIn(
  deps: AppDeps,
  username: string,
  password: string,
): Promise<{ sessionId: string; csrfToken: string; user: User; expiresAt: number }> {
  const s = deps.db.stores;
  const user = await s.users.getByUsername(username.trim());
  const identity = user ? await s.users.identity(LOCAL_PROVIDER, user.username) : null;
  const valid = !!user && !!identity?.secretHash && (await deps.passwords.verify(identity.secretHash, password));
  if (!valid || !user) throw new AppError('AUTH_INVALID_CREDENTIALS');
  if (!user.active) throw new AppError('AUTH_ACCOUNT_DISABLED');
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

function signedIn(user: User, grants: readonly RoleGrant[], csrfToken: string | null, via: SignedIn['via']): SignedIn {
  return { user, actor: { kind: 'user', userId: user.id, grants }, csrfToken, via };
}

/** Finds the user behind a session id: one SHA-256 digest and one indexed join, no slow hash. */
export async function authenticateSession(deps: AppDeps, sessionId: string): Promise<SignedIn | null> {
  const found = await deps.db.stores.sessions.sessionSignIn(deps.secrets.digest(sessionId), deps.clock.now());
  if (!found?.user.active) return null;
  return signedIn(found.user, found.grants, found.session.csrfToken, 'session');
}

// ---------------------------------------------------------------------------------------
// Bearer tokens: a short per-process cache.
//
// Integrations send many requests with one token; looking the token, its user and the grants
// up each time was three queries (now one join) before the request did anything. So a
// successful lookup is reused for TOKEN_SIGN_IN_TTL_MS, keyed by the token's digest (the raw
// token is never kept). What that costs, and how it is bounded:
// - A token revoked, a user deactivated or a grant changed through THIS process takes effect
//   at once: the HTTP layer calls forgetTokenSignIns after every state-changing request that
//   may touch users, grants or tokens (src/http/plugins/auth.ts), and use cases may call it.
// - Through another process (a second server, the CLI), it takes effect within the TTL.
// - Unknown and revoked tokens are not cached (each try asks the database), so guessing
//   tokens cannot fill the cache; concurrent lookups of one token share one query.
// The TTL is measured on deps.clock; a clock that goes backwards expires the entry.

/** How long a token's user and grants are reused without asking the database again. */
export const TOKEN_SIGN_IN_TTL_MS = 5_000;
/** At most this many tokens are cached; the oldest entry goes first. */
const TOKEN_CACHE_SIZE = 1_000;

interface TokenSignIn {
  tokenId: string;
  /** When this process last saw the token recorded as used (mutated as uses are recorded). */
  lastUsedAt: number | null;
  user: User;
  grants: readonly RoleGrant[];
}

interface TokenCacheEntry {
  at: number;
  value: Promise<TokenSignIn | null>;
}

class TokenCache {
  /** By token digest. */
  readonly entries = new Map<string, TokenCacheEntry>();
  /** Users of settled entries, by id, with the time of their lookup. */
  readonly users = new Map<string, { at: number; user: User }>();

  clear(): void {
    this.entries.clear();
    this.users.clear();
  }
}

/** Per database (one per process in production; tests open many). */
const tokenCaches = new WeakMap<Database, TokenCache>();

const fresh = (at: number, now: number): boolean => now >= at && now - at <= TOKEN_SIGN_IN_TTL_MS;

/**
 * Drops every cached token sign-in of this process: call after anything that may revoke a
 * token, deactivate a user or change grants. Lookups already under way are not reused.
 */
export function forgetTokenSignIns(deps: Pick<AppDeps, 'db'>): void {
  tokenCaches.get(deps.db)?.clear();
}

/**
 * A user this process signed in by token within the TTL, or undefined: lets a response name
 * the caller without reading the users table again (src/app/tickets/view.ts). As fresh as
 * the sign-in that admitted the request. A copy.
 */
export function recentTokenUser(deps: Pick<AppDeps, 'db' | 'clock'>, userId: string): User | undefined {
  const hit = tokenCaches.get(deps.db)?.users.get(userId);
  return hit !== undefined && fresh(hit.at, deps.clock.now()) ? { ...hit.user } : undefined;
}

async function lookUpToken(deps: AppDeps, hash: string): Promise<TokenSignIn | null> {
  const found = await deps.db.stores.sessions.tokenSignIn(hash);
  if (found === null) return null;
  return { tokenId: found.token.id, lastUsedAt: found.token.lastUsedAt, user: found.user, grants: found.grants };
}

/** The cached or a new lookup of a token digest; concurrent requests share one query. */
function tokenSignIn(deps: AppDeps, hash: string, now: number): Promise<TokenSignIn | null> {
  let cache = tokenCaches.get(deps.db);
  if (cache === undefined) {
    cache = new TokenCache();
    tokenCaches.set(deps.db, cache);
  }
  const { entries, users } = cache;
  const hit = entries.get(hash);
  if (hit !== undefined && fresh(hit.at, now)) return hit.value;
  entries.delete(hash);
  if (entries.size >= TOKEN_CACHE_SIZE) entries.delete(entries.keys().next().value as string);
  const entry: TokenCacheEntry = { at: now, value: lookUpToken(deps, hash) };
  entries.set(hash, entry);
  // Only the entry still in the map may be kept or indexed: a clear() while the query ran
  // means it may have read what the clearing request changed.
  entry.value.then(
    (found) => {
      if (entries.get(hash) !== entry) return;
      if (found === null) entries.delete(hash);
      else {
        users.delete(found.user.id);
        if (users.size >= TOKEN_CACHE_SIZE) users.delete(users.keys().next().value as string);
        users.set(found.user.id, { at: entry.at, user: found.user });
      }
    },
    () => {
      if (entries.get(hash) === entry) entries.delete(hash);
    },
  );
  return entry.value;
}

/** Finds the user behind an API token (Bearer): from the cache, else one query. */
export async function authenticateToken(deps: AppDeps, token: string): Promise<SignedIn | null> {
  const now = deps.clock.now();
  const t = await tokenSignIn(deps, deps.secrets.digest(token), now);
  if (!t?.user.active) return null;
  // Recording use at most once a minute keeps token calls free of a write each.
  if (t.lastUsedAt === null || now - t.lastUsedAt > 60_000) {
    t.lastUsedAt = now; // before the await, so that concurrent requests do not all write
    await deps.db.stores.sessions.touchToken(t.tokenId, now);
  }
  // Copies: a request may not change what the next one is admitted with.
  return signedIn(
    { ...t.user },
    t.grants.map((g) => ({ ...g })),
    null,
    'token',
  );
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
