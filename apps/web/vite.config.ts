import react from '@vitejs/plugin-react';
/// <reference types="vitest/config" />
import { defaultClientConditions, defineConfig } from 'vite';

// In dev, Vite serves the app with hot reload and passes the API and the sync socket to the
// server (`pnpm dev` starts both). SERVER_URL overrides where the server is.
const server = process.env.SERVER_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // Workspace packages are compiled from their TypeScript sources: edits hot-reload.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/healthz': server,
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true },
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
