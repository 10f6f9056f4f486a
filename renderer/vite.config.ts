// Builds the renderer into out/renderer/. Relative asset paths (base './') so the same build
// loads from file:// in Electron and from the loopback bridge in a browser.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Under a strict CSP nothing may be inlined as a data: script or style.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
