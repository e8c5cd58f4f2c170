// `npm install`'s last step for Punie: fetch Electron's binary (the app needs
// it; the CLI and the tests do not). Never fails the install: where the
// download host cannot be reached, it says so in one line and goes on.
import { resolve } from 'node:path';
import { downloadSkipped, electronBinary, electronPackageDir, electronVersion, installElectron, notInstalledLine, progressReporter } from './electronSetup.mjs';

const root = resolve(import.meta.dirname, '..');

async function main() {
  const pkgDir = electronPackageDir(root);
  if (!pkgDir || electronBinary(pkgDir)) return;
  if (downloadSkipped()) {
    process.stdout.write('Punie: Electron not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set); the CLI and npm test work without it.\n');
    return;
  }
  const timeoutMs = Number(process.env.PUNIE_ELECTRON_TIMEOUT_MS) || undefined;
  const version = electronVersion(pkgDir);
  const result = await installElectron({ pkgDir, progress: progressReporter(process.stderr, version), ...(timeoutMs ? { timeoutMs } : {}) });
  process.stdout.write(result.ok ? `Punie: Electron ${version} installed.\n` : `${notInstalledLine(version, result.reason)}\n`);
}

try {
  await main();
} catch (error) {
  // Whatever happens here, `npm install` must still succeed.
  process.stdout.write(`Punie: Electron was not installed (${error instanceof Error ? error.message : String(error)}); the CLI and npm test work without it.\n`);
}
process.exit(0);
