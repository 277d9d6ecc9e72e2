import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two front ends in one build: the phone app at / (web/index.html) and the console at
 * /console/ (web/console/index.html). Output: dist/web, served by the Fastify server.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  resolve: { alias: { '@common': here('./common') } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: bench/web.ts reads the chunk graph from it (not served).
    manifest: true,
    rollupOptions: { input: { mobile: here('./index.html'), console: here('./console/index.html') } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
