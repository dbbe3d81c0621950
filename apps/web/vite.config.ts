import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
/// <reference types="vitest/config" />
import { defaultClientConditions, defineConfig } from 'vite';

// In dev, Vite serves the app with hot reload and passes the API and the sync socket to the
// server (`pnpm dev` starts both). SERVER_URL overrides where the server is.
const server = process.env.SERVER_URL ?? 'http://127.0.0.1:3000';
// The server takes state-changing calls and sockets only from its own origin: requests from this
// dev server's page are passed on as if from the server's own (any other origin stays as it is).
const devOrigins = new Set(['http://localhost:5173', 'http://127.0.0.1:5173', 'http://[::1]:5173']);
const asServerOrigin = (request: { getHeader(name: string): unknown; setHeader(name: string, value: string): void }) => {
  const origin = request.getHeader('origin');
  if (typeof origin === 'string' && devOrigins.has(origin)) request.setHeader('origin', new URL(server).origin);
};

export default defineConfig({
  plugins: [
    react(),
    // A service worker keeps the app itself in the browser, so that a map (kept in IndexedDB) opens
    // and can be edited with no network at all; its edits sync when the network returns.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        // The API, the sync socket and health endpoints always go to the server.
        navigateFallbackDenylist: [/^\/api\//, /^\/sync\//, /^\/healthz/, /^\/readyz/, /^\/metrics/],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Workspace packages are compiled from their TypeScript sources: edits hot-reload.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server, changeOrigin: true, configure: (proxy) => proxy.on('proxyReq', asServerOrigin) },
      '/healthz': { target: server, changeOrigin: true },
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true, changeOrigin: true, configure: (proxy) => proxy.on('proxyReqWs', asServerOrigin) },
    },
  },
  build: {
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
