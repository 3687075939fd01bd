import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/console', import.meta.url));

// `vite` / `vite preview` forward API calls to a running Parley server, so the
// console can be developed against it without CORS. The built assets need none of this.
const apiTarget = process.env.PARLEY_API_URL ?? 'http://127.0.0.1:4000';
const proxy = {
  '/graphql': { target: apiTarget, changeOrigin: true },
  '/v1': { target: apiTarget, changeOrigin: true },
};

export default defineConfig({
  root: consoleRoot,
  base: '/',
  publicDir: false,
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: { port: 5173, proxy },
  preview: { port: 5174, proxy },
});
