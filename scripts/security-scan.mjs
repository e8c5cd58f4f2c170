// Runs Electronegativity (Doyensec's Electron security scanner) on the built
// app (out/) and on the sources under electron/ (shell, preload, engine), and
// fails when it reports a finding of high severity that is not excluded below
// with a reason. Every finding is printed; `npm test` runs this as its
// `security` step.
//
//   node scripts/security-scan.mjs            scan and report
//   node scripts/security-scan.mjs --json     also print the findings as JSON
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));

// 1. Electronegativity parses TypeScript through TypeScript's JS API (via
//    @typescript-eslint/typescript-estree), which TypeScript 7 no longer has.
//    package.json's overrides install TypeScript 5.9 inside the scanner's own
//    node_modules; send every `require('typescript')` from the scanner and its
//    parser there.
const scannerTypescript = join(scannerDir, 'node_modules', 'typescript', 'lib', 'typescript.js');
if (!existsSync(scannerTypescript)) {
  process.stderr.write(`security-scan: ${relative(root, scannerTypescript)} is missing; run \`npm install\` (package.json overrides install TypeScript 5.9 for the scanner).\n`);
  process.exit(1);
}
const parserDirs = [scannerDir, join(root, 'node_modules', '@typescript-eslint')].map((d) => d + sep);
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveForScanner(request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename && parserDirs.some((d) => parent.filename.startsWith(d))) return scannerTypescript;
  return originalResolve.call(this, request, parent, ...rest);
};

// 2. The scanner fetches fresh translations from the internet at start (and
//    waits up to a second for them). Scans must be offline and repeatable:
//    its English strings ship with it, so answer that request with "no".
const originalLoad = Module._load;
Module._load = function loadForScanner(request, parent, ...rest) {
  if (request === 'got' && parent?.filename?.startsWith(join(scannerDir, 'dist', 'locales') + sep)) {
    return () => Promise.reject(new Error('offline: translations are not fetched during scans'));
  }
  return originalLoad.call(this, request, parent, ...rest);
};

/**
 * High-severity checks left out of the failing set, each with its reason (a
 * finding of one is still printed, marked "excluded"). Keep this empty unless
 * a finding is a proven false positive.
 */
const EXCLUDED = {};

const scanner = require('@doyensec/electronegativity');
const run = scanner.default ?? scanner;

const targets = [
  { name: 'built app', input: join(root, 'out') },
  // All of electron/ at once: global checks (navigation limits, permission
  // handler, CSP) look across files, and the shell's hooks live in electron/main.
  { name: 'sources', input: join(root, 'electron') },
];

const electronVersion = require('electron/package.json').version;
const wantJson = process.argv.includes('--json');
let failing = 0;
let total = 0;

for (const target of targets) {
  if (!existsSync(target.input)) {
    process.stderr.write(`security-scan: ${relative(root, target.input)} does not exist${target.name === 'built app' ? ' (run `npm run build` first)' : ''}.\n`);
    process.exit(1);
  }
  // Console output of the scanner itself (progress, translation notice) is not ours to show.
  const quiet = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run({
      input: target.input,
      electronVersionOverride: electronVersion,
      isRelative: true,
      customScan: [],
      excludeFromScan: [],
      parserPlugins: [],
    });
  } finally {
    console.log = quiet;
  }
  // Test files and the in-memory test doubles are not shipped code.
  const issues = result.issues.filter((i) => !/\.test\.ts$|[\\/](testing|fakes)[\\/]/.test(i.file));
  const hardErrors = result.errors.filter((e) => !e.tolerable && !/\.test\.ts$|[\\/](testing|fakes)[\\/]/.test(e.file));
  process.stdout.write(`\n${target.name} (${relative(root, target.input)}): ${issues.length} finding(s), ${hardErrors.length} parse error(s)\n`);
  for (const e of hardErrors) {
    process.stdout.write(`  PARSE ERROR ${e.file}: ${e.message}\n`);
    failing += 1;
  }
  for (const issue of issues) {
    total += 1;
    const severity = issue.severity?.name ?? 'UNKNOWN';
    const excluded = EXCLUDED[issue.id];
    const blocks = severity === 'HIGH' && !excluded;
    if (blocks) failing += 1;
    process.stdout.write(
      `  ${blocks ? 'FAIL' : excluded ? 'excluded' : 'note'} ${severity.padEnd(13)} ${issue.id} ${issue.file}${issue.location?.line ? `:${issue.location.line}` : ''}\n` +
        `       ${issue.description}${excluded ? `\n       excluded: ${excluded}` : ''}\n`,
    );
  }
  if (wantJson) process.stdout.write(JSON.stringify(issues.map((i) => ({ id: i.id, severity: i.severity?.name, file: i.file, line: i.location?.line })), null, 2) + '\n');
}

process.stdout.write(`\nsecurity-scan: ${total} finding(s), ${failing} blocking (high severity, not excluded, or unparsable)\n`);
process.exit(failing === 0 ? 0 : 1);
