import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` forwards the API and the sync socket: the Placeboard server. */
const SERVER = 'http://localhost:8080';

/** Vite config for the Placeboard web app: dev proxy to the server, build into `dist/`. */
export default defineConfig({
  plugins: [react()],
  resolve: {
    // Two copies of Yjs or of the editor core break collaboration: always use one.
    dedupe: ['yjs', 'y-protocols', '@tiptap/core', '@tiptap/pm', 'react', 'react-dom'],
  },
  server: {
    proxy: {
      '/api': SERVER,
      // Share links are opened by the server, which sets the session cookie and redirects to the board.
      '/s/': SERVER,
      '/sync': { target: SERVER, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What reads a board's copy as the app starts (src/warm-start.ts) is a chunk of its own, run before the
              // rest of the app's code: IndexedDB then reads while React and the rest are still being set up.
              name: 'warm-start',
              test: /\/node_modules\/(yjs|lib0)\/|\/src\/warm-start\.ts$|\/src\/lib\/idle\.ts$|\/src\/lib\/sync\/(local-copy|copy-database)\.ts$/,
            },
          ],
        },
      },
    },
  },
});
