// `npm test`: runs every suite CI runs, keeps going when one fails, and ends
// with one line `N passed, N failed` summing them all.
//
//   npm test                 everything
//   npm test -- unit browser only the named steps (see STEPS below)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const reportDir = resolve('test-results/reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const env = { ...process.env, PUNIE_REPORT_DIR: reportDir, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };

/** A check is one pass or one fail; a suite reads its JSON report. */
const STEPS = [
  { name: 'build', kind: 'check', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', kind: 'check', cmd: ['npx', 'tsc', '-b'] },
  { name: 'workflows', kind: 'check', cmd: ['node', 'scripts/lint-workflows.mjs'] },
  { name: 'unit', kind: 'vitest', cmd: ['npx', 'vitest', 'run'], report: 'vitest.json' },
  { name: 'browser', kind: 'playwright', cmd: ['npx', 'playwright', 'test'], report: 'playwright.json' },
  { name: 'security', kind: 'check', cmd: ['node', 'scripts/security-scan.mjs'], optionalScript: 'scripts/security-scan.mjs' },
];

const selected = process.argv.slice(2);
const steps = selected.length ? STEPS.filter((s) => selected.includes(s.name)) : STEPS;

const results = [];
for (const step of steps) {
  if (step.optionalScript && !existsSync(step.optionalScript)) continue;
  process.stdout.write(`\n=== ${step.name}: ${step.cmd.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const exitOk = r.status === 0;
  let counts;
  if (step.kind === 'check') counts = { passed: exitOk ? 1 : 0, failed: exitOk ? 0 : 1, skipped: 0 };
  else counts = readReport(step, exitOk);
  results.push({ name: step.name, seconds, ...counts });
}

function readReport(step, exitOk) {
  const file = join(reportDir, step.report);
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, note: 'no report (the suite did not run)' };
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    if (step.kind === 'vitest') {
      // A file that fails to load has no tests but counts as a failure.
      const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
      const counts = {
        passed: json.numPassedTests ?? 0,
        failed: (json.numFailedTests ?? 0) + brokenFiles,
        skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
      };
      if (!exitOk && counts.failed === 0) counts.failed = 1;
      return counts;
    }
    const s = json.stats ?? {};
    const errors = (json.errors ?? []).length;
    const counts = { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + errors, skipped: s.skipped ?? 0 };
    if (!exitOk && counts.failed === 0) counts.failed = 1;
    return counts;
  } catch (e) {
    return { passed: 0, failed: 1, skipped: 0, note: `unreadable report: ${e.message}` };
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
process.stdout.write('\n=== summary\n');
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  process.stdout.write(
    `${r.name.padEnd(10)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped  ${r.seconds}s${r.note ? '  ' + r.note : ''}\n`,
  );
}
if (skipped) process.stdout.write(`(${skipped} skipped, not counted)\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
