#!/usr/bin/env node
// The `punie` command: runs the built CLI (out/cli/punie.mjs, built by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/cli/punie.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('punie: the CLI is not built yet. Run `npm install` (or `npm run build`) in the Punie folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
