import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type TicketView = components['schemas']['TicketView'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
export type MergedOutcome = components['schemas']['MergedOutcome'];
export type Unit = components['schemas']['Unit'];
export type Category = components['schemas']['Category'];
export type User = components['schemas']['User'];
export type RoleGrant = components['schemas']['RoleGrant'];
export type Problem = components['schemas']['Problem'];

/** A refused request, carrying the server's problem+json (already in the user's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/**
 * True when an action was refused because the request changed meanwhile (someone else acted
 * first: CONFLICT, or the action no longer fits its state). The page should reload the request.
 */
export function isStaleRefusal(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    e.status === 409 &&
    (e.problem?.code === 'CONFLICT' || e.problem?.code === 'TICKET_INVALID_TRANSITION' || !e.problem?.code)
  );
}

let csrfToken: string | null = null;
let language = 'zh-CN';

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export function setApiLanguage(lang: string) {
  language = lang;
}
/** For requests the typed client cannot make (multipart uploads with fetch). */
export function sessionHeaders(): Record<string, string> {
  return { 'Accept-Language': language, ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) };
}

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', language);
    if (csrfToken && request.method !== 'GET') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/**
 * GET answers requested early by the page itself (the phone app's web/index.html starts
 * GET /api/me and the first page's data while the JavaScript is still downloading):
 * `path?query` → the pending response, `at` when they were started.
 */
interface Prefetched {
  at: number;
  responses: Record<string, Promise<Response>>;
}
declare global {
  interface Window {
    __nltPrefetch?: Prefetched;
  }
}
/** Early answers are for the first screen only: older ones are fetched again. */
const PREFETCH_TTL_MS = 15_000;

/** The early answer to this GET, used once; undefined when there is none (or it is stale). */
function takePrefetched(request: Request): Promise<Response> | undefined {
  const early = typeof window === 'undefined' ? undefined : window.__nltPrefetch;
  if (!early || request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  const key = url.pathname + url.search;
  const response = early.responses[key];
  delete early.responses[key];
  return response && Date.now() - early.at < PREFETCH_TTL_MS ? response : undefined;
}

/**
 * fetch for the typed client: the early answer when there is one. The early requests carry no
 * Accept-Language (the page asks before it has read the chosen language): a refusal among them,
 * whose text is in zh-CN, is asked again in another language.
 */
async function fetchOrTakeEarly(request: Request): Promise<Response> {
  const early = takePrefetched(request);
  if (early) {
    const response = await early.catch(() => null);
    if (response && (response.ok || language === 'zh-CN')) return response;
  }
  return globalThis.fetch(request);
}

/** Forgets the early answers (after signing in or out they belong to another session). */
export function dropPrefetched(): void {
  if (typeof window !== 'undefined') window.__nltPrefetch = undefined;
}

/** The typed API client, generated from the server's OpenAPI document (npm run gen:api). */
export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
  fetch: fetchOrTakeEarly,
});
api.use(session);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the server's problem. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok || error !== undefined) throw new ApiError(response.status, (error as Problem) ?? null);
  return data as T;
}
