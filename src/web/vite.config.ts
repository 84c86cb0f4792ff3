import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root (npm scripts do): `root` and `outDir` are relative to it.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  // `npm run dev:web` against an app started with `npm start`.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
