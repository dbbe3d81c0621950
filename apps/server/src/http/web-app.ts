import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ApiErrorCode, errorBody } from './errors.js';

/**
 * Serves the built web app. Any GET that is not the API or a file falls back to index.html, so
 * that `/maps/<id>` opens the editor when pasted into a browser.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string | null): Promise<void> {
  const hasWeb = webDir !== null && existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      // Vite puts a content hash in every asset name: they can be cached for good.
      setHeaders(res, path) {
        if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' || path.startsWith('/api/') || path.startsWith('/sync/') || path.startsWith('/assets/')) {
      return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `Nothing at ${request.method} ${path}.`));
    }
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `pnpm start` (it builds first) or `pnpm build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
