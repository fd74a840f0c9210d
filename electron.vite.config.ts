import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build makes everything: the Electron main process, the CLI / headless host and the
// worker threads (out/main), the sandboxed preload as one CommonJS file (out/preload), and
// the renderer that both shells serve (out/renderer).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          'engine-worker': resolve('src/main/sources/engine/worker.ts'),
          'engine-peer': resolve('src/main/sources/engine/peer-process.ts'),
          'report-capture': resolve('src/main/electron/report-capture.ts'),
          'session-reader': resolve('src/main/storage/sessionReaderWorker.ts'),
          'session-import': resolve('src/main/storage/sessionImportWorker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      outDir: 'out/renderer',
      // Minified: a cold page (every headless report opens one) parses ~1/3 of the bytes.
      minify: true,
      rollupOptions: {
        // report.html: the report layout alone, for the report page and the headless `report` CLI.
        input: { index: resolve('src/renderer/index.html'), report: resolve('src/renderer/report.html') },
      },
    },
    define: {
      __APP_VERSION__: JSON.stringify(
        (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
      ),
    },
    plugins: [react()],
  },
});
