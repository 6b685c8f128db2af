import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

// The client bundles @benchline/shared from source (the `@benchline/source` export condition), so there is
// nothing to build first. In development, API and socket traffic goes to the server on :3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  resolve: { conditions: ['@benchline/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
