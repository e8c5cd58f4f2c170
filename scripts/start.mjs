// `npm start`: starts the desktop app, or says in one line why it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron'); // the package's main export is the binary's path
} catch {
  binary = undefined;
}
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
