// Bundles the CLI for fast start-up: ESM, minified, split into chunks that
// load when a command needs them (out/cli/punie.mjs is the entry, run by
// bin/punie.js; its chunks are in out/cli/chunks/). Source maps beside each.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const outdir = 'out/cli';
// Chunk names carry a hash: clear the old ones so the folder holds one build.
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { punie: 'electron/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  // Names stay readable in stack traces (PUNIE_LOG=debug) and profiles.
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(): give each ESM file one.
  banner: { js: "import { createRequire as __punieCreateRequire } from 'node:module'; const require = __punieCreateRequire(import.meta.url);" },
});
