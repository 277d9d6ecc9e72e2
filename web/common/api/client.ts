import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type TicketView = components['schemas']['TicketView'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
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

/** The typed API client, generated from the server's OpenAPI document (npm run gen:api). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the server's problem. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok || error !== undefined) throw new ApiError(response.status, (error as Problem) ?? null);
  return data as T;
}
