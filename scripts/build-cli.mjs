// Bundles the CLI into one ESM file for fast start-up (out/cli/punie.mjs).
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'out/cli/punie.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __punieCreateRequire } from 'node:module'; const require = __punieCreateRequire(import.meta.url);" },
});
