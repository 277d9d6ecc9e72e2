import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from '../app/context.ts';
import {
  clientErrorHandler,
  errorHandler,
  frameworkErrorHandler,
  HttpError,
  problem,
  sendProblem,
  shortUrl,
} from './errors.ts';
import { authPlugin } from './plugins/auth.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerStorableText } from './plugins/storable-text.ts';
import { registerWeb } from './plugins/web.ts';
import { SHARED_SCHEMAS } from './schemas.ts';
import { installValidators } from './validation.ts';
import { adminRoutes } from './routes/admin/admin.routes.ts';
import { attachmentRoutes } from './routes/attachments/attachments.routes.ts';
import { authRoutes } from './routes/auth/auth.routes.ts';
import { calendarRoutes } from './routes/calendar/calendar.routes.ts';
import { instructionRoutes } from './routes/instructions/instructions.routes.ts';
import { ticketRoutes } from './routes/tickets/tickets.routes.ts';

export interface HttpOptions {
  secureCookies: boolean;
  loginRateLimit: number;
  submitRateLimit: number;
  /** Photo uploads (requests to POST /api/uploads) per minute per user. */
  uploadRateLimit: number;
  logLevel: string;
  /** Serve the built phone app and console (dist/web) when present. */
  serveWeb: boolean;
  /** Largest photo accepted by POST /api/uploads, in bytes. */
  uploadMaxFileBytes: number;
  /** Most photos in one upload; a request may carry this many times uploadMaxFileBytes in total. */
  uploadMaxFiles: number;
  /** Peers whose X-Forwarded-For names the client (TRUST_PROXY): the rate limits and logs use that address. */
  trustProxy: boolean | readonly string[];
}

export const HTTP_DEFAULTS: HttpOptions = {
  secureCookies: false,
  loginRateLimit: 10,
  submitRateLimit: 30,
  uploadRateLimit: 30,
  logLevel: 'silent',
  serveWeb: false,
  uploadMaxFileBytes: 10 * 1024 * 1024,
  uploadMaxFiles: 9,
  trustProxy: false,
};

/** The composition root of the HTTP API. Routes are thin: validated input → one use case → response. */
export async function buildApp(deps: AppDeps, options: Partial<HttpOptions> = {}): Promise<FastifyInstance> {
  const opts = { ...HTTP_DEFAULTS, ...options };
  const app = Fastify({
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel },
    genReqId: () => deps.ids.next(),
    trustProxy: typeof opts.trustProxy === 'boolean' ? opts.trustProxy : [...opts.trustProxy],
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, problem(req, 'ROUTE_NOT_FOUND', { method: req.method, url: shortUrl(req.url) })),
  );

  registerSecurityHeaders(app, {
    // Swagger UI needs inline scripts and styles; everything else keeps helmet's defaults but
    // one: no upgrade-insecure-requests. Served over plain HTTP at a LAN address (a first
    // install, before TLS is set up), it made browsers fetch every script and API call over
    // https, which nothing answers: blank pages. Behind TLS everything is https anyway.
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'upgrade-insecure-requests': null,
      },
    },
  });
  // JSON answers of a few KB and more (lists, timelines) go gzip'd to clients that accept it:
  // a page of the phone app's list is 22 KB of JSON, 4 KB compressed. Smaller ones (a
  // submission's answer) are not worth the CPU. The web app's files are compressed at build
  // time (plugins/web.ts); images are left alone (not compressible).
  await app.register(compress, { global: true, threshold: 4096, encodings: ['gzip'] });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // Parts are streamed by the upload route itself, which applies the per-request limits.
  await app.register(multipart, { throwFileSizeLimit: true });
  // Routes take JSON (the upload route multipart): text/plain is refused with 415 like any
  // other type, instead of reaching the body schema as a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (req) => {
    // The multipart parser runs for every route; on a JSON route its (empty) body would be
    // reported as an invalid body rather than as the wrong kind of request.
    if (req.isMultipart() && !(req.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes?.length) {
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE');
    }
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installValidators(app, SHARED_SCHEMAS);
  await app.register(swagger, {
    // Named schemas appear once under components.schemas and are referenced by name.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nonglintong (农林通) API',
        version: '0.1.0',
        description:
          'Campus request and feedback platform. Errors are application/problem+json in zh-CN or en-US by Accept-Language. Sign in with POST /api/auth/login (cookie + X-CSRF-Token) or send an API token as Bearer.',
      },
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: 'nlt_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { deps });
  registerStorableText(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  await app.register(
    async (api) => {
      await api.register(authRoutes, { deps, secureCookies: opts.secureCookies, loginRateLimit: opts.loginRateLimit });
      await api.register(ticketRoutes, { deps, submitRateLimit: opts.submitRateLimit });
      await api.register(adminRoutes, { deps });
      await api.register(calendarRoutes, { deps });
      await api.register(instructionRoutes, { deps });
      await api.register(attachmentRoutes, {
        deps,
        rateLimit: opts.uploadRateLimit,
        limits: {
          maxFiles: opts.uploadMaxFiles,
          maxFileBytes: opts.uploadMaxFileBytes,
          maxTotalBytes: opts.uploadMaxFiles * opts.uploadMaxFileBytes,
        },
      });
    },
    { prefix: '/api' },
  );
  if (opts.serveWeb) await registerWeb(app);
  return app;
}
