import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/**
 * A renderer build for profiling: the same sources, plugins and production
 * mode as `npm run build`'s (electron.vite.config.ts), but not minified and
 * with source maps, so a CPU profile names the renderer's own functions.
 * Written to `outDir`, never to out/ (other work serves that build).
 */
export async function buildProfilingRenderer(outDir: string, root = process.cwd()): Promise<string> {
  await build({
    configFile: false,
    root: resolve(root, 'renderer'),
    mode: 'production',
    logLevel: 'warn',
    resolve: { alias: { '@shared': resolve(root, 'shared') } },
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html'), quick: resolve(root, 'renderer/quick.html') } },
    },
  });
  return outDir;
}
