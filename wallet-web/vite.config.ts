/**
 * Vite configuration of the medtrust web app (wallet, clinic check, issuer console). `npm run build -w wallet-web`
 * writes `dist/`; `startWalletWeb` (src/server) builds it the same way when `dist/` is missing or stale.
 * In `vite` dev mode, `/api/issuer` and `/api/verifier` are proxied to `MEDTRUST_ISSUER_URL` / `MEDTRUST_VERIFIER_URL`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const issuerUrl = process.env.MEDTRUST_ISSUER_URL ?? 'http://127.0.0.1:4100';
const verifierUrl = process.env.MEDTRUST_VERIFIER_URL ?? 'http://127.0.0.1:4200';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api/issuer': {
        target: issuerUrl,
        changeOrigin: true,
        rewrite: (path) => path.slice('/api/issuer'.length),
      },
      '/api/verifier': {
        target: verifierUrl,
        changeOrigin: true,
        rewrite: (path) => path.slice('/api/verifier'.length),
      },
    },
  },
});
