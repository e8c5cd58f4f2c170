// `npm start`: starts the desktop app. When Electron's binary is missing (the
// download at `npm install` failed or was skipped), it tries once more with
// progress, and otherwise says in one line why the app cannot start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { downloadSkipped, electronBinary, electronPackageDir, electronVersion, installElectron, notInstalledLine, progressReporter } from './electronSetup.mjs';

const root = resolve(import.meta.dirname, '..');

async function binaryOrExit() {
  const pkgDir = electronPackageDir(root);
  if (!pkgDir) {
    process.stderr.write('Punie: the electron package is not installed here; run `npm install` first.\n');
    process.exit(1);
  }
  const installed = electronBinary(pkgDir);
  if (installed) return installed;
  const version = electronVersion(pkgDir);
  if (downloadSkipped()) {
    process.stderr.write(`Punie: Electron ${version} is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded); unset it and run \`npm start\` again. The CLI works without it: npx punie ask "hello" --model test\n`);
    process.exit(1);
  }
  process.stderr.write(`Punie: Electron ${version} is not installed yet; downloading it now…\n`);
  const timeoutMs = Number(process.env.PUNIE_ELECTRON_TIMEOUT_MS) || undefined;
  const result = await installElectron({ pkgDir, progress: progressReporter(process.stderr, version), ...(timeoutMs ? { timeoutMs } : {}) });
  if (!result.ok) {
    process.stderr.write(`${notInstalledLine(version, result.reason)}\n`);
    process.exit(1);
  }
  return result.binary;
}

const binary = await binaryOrExit();
if (!existsSync(join(root, 'out/main/index.js'))) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The app's folder, absolute: Electron loads package.json's `main` from it.
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
