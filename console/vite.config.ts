import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const libs = fileURLToPath(new URL('../libs', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The designer validates graphs with the server's own validator (libs/workflow).
    alias: { '@libs/workflow': `${libs}/workflow/index.ts` },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/api', '/a2a', '/auth', '/health', '/metrics', '/docs', '/.well-known'].map((p) => [
        p,
        { target: process.env.PLATFORM_URL ?? 'http://127.0.0.1:8000', ws: true },
      ]),
    ),
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
