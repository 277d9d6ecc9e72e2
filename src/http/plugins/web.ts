import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The folder holding package.json, from the sources (src/http/plugins) or the bundle (dist/server). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where `npm run build:web` puts the phone app (/) and the console (/console/). */
export const WEB_DIST = path.join(projectRoot(), 'dist/web');

/**
 * Serves the built front ends: static files, and each app's index.html for its client-side
 * routes (the phone app under /, the console under /console/). API paths never fall through here.
 */
export async function registerWeb(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    // build-web.mjs writes .br and .gz twins; browsers that accept them get those.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      // Vite names assets by content hash: they never change, so they may be kept for a year.
      // The pages themselves are revalidated so a new build is picked up at once.
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      const page = filePath.endsWith('.html');
      reply.header(
        'cache-control',
        immutable ? 'public, max-age=31536000, immutable' : page ? 'no-cache' : 'public, max-age=3600',
      );
    },
  });
  const page = (file: string) => async (_req: FastifyRequest, reply: FastifyReply) => reply.sendFile(file, root);
  app.get('/', page('index.html'));
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/', page('console/index.html'));
  app.get('/console/*', page('console/index.html'));
  return true;
}
