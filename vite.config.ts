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
    rollupOptions: { input: { index: path.resolve(root, 'index.html') } },
  },
  server: { host: '127.0.0.1' },
});
