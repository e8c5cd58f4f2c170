// `npm start`: starts the desktop app, or says in one line why it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path, without requiring the 'electron' package: its
 * index tries to download the binary when it is missing, which prints a stack
 * trace where the download host is unreachable.
 */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  return relative ? join(pkgDir, 'dist', relative) : undefined;
}

const binary = electronBinary();
if (typeof binary !== 'string' || !existsSync(binary)) {
  process.stderr.write(
    'Punie: the Electron binary is not installed here (its download was skipped or could not reach its host), so the app cannot start; run `npm install` with internet access, or use the CLI: npx punie ask "hello" --model test\n',
  );
  process.exit(1);
}
if (!existsSync('out/main/index.js')) {
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
