import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Electron binary is, or why the Electron suite cannot run here.
 * Never `require('electron')` to find out: in plain Node that starts a
 * download when the binary is missing.
 */
export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): { path: string } | { skip: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relativePath ?? 'electron') : relativePath ? join(pkg, 'dist', relativePath) : undefined;
  if (binary === undefined || !existsSync(binary)) {
    return { skip: 'the Electron binary is not installed here (its download was skipped), so the app cannot be launched' };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { skip: 'there is no display (DISPLAY is unset); run the suite under xvfb-run' };
  }
  return { path: binary };
}
