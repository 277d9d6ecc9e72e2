import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` puts the phone app (/) and the console (/console/). */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../../dist/web');

/**
 * Serves the built front ends: static files, and each app's index.html for its client-side
 * routes (the phone app under /, the console under /console/). API paths never fall through here.
 */
export async function registerWeb(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: false });
  const page = (file: string) => async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile(file, root);
  app.get('/', page('index.html'));
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/', page('console/index.html'));
  app.get('/console/*', page('console/index.html'));
  return true;
}
