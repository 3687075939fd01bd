import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// A build of its own: GraphiQL is a React application, while the console uses Preact, whose
// preset would alias react to preact/compat. It lands in dist/explorer/ (beside the console, so neither build empties the other) and is served at
// /explorer/ by the server, next to the console.
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../../dist/explorer', import.meta.url));

export default defineConfig({
  root,
  base: '/explorer/',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // The server's CSP allows fonts and scripts from 'self' only: no data: URLs for them.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client"; that only matters to server-side rendering.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
