// Builds the React renderer (one HTML entry per window kind) into dist/renderer, served by the
// browser shell and loaded by Electron windows.
import { defineConfig } from 'vite';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, 'desktop/renderer');

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // One bundle for a desktop app loaded from disk or loopback: size matters less than start-up.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { index: path.resolve(root, 'index.html') },
      onwarn(warning, warn) {
        // Mantine ships "use client" directives for server components; meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
