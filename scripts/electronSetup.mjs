// Getting Electron's binary for `npm install` (scripts/postinstall.mjs) and
// `npm start` (scripts/start.mjs), with a bounded time, progress, and one
// line instead of a stack trace when it cannot be had.
//
// Electron's npm package has no install script: its binary comes from its own
// `install-electron` command (node_modules/electron/install.js), which
// downloads the zip with @electron/get (honouring ELECTRON_MIRROR,
// electron_config_cache, electron_use_remote_checksums…), checks it, unpacks
// it and writes path.txt. Here the zip is first fetched into @electron/get's
// cache with the same package and options, so the download can show progress
// and be stopped at a deadline; install.js then finds it in the cache and does
// the rest exactly as it always does.
import { execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How long `npm install` waits for Electron before going on without it. */
export const INSTALL_TIMEOUT_MS = 5 * 60_000;

/** node_modules/electron of the project at `root`, or undefined. */
export function electronPackageDir(root) {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

export function electronVersion(pkgDir) {
  return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
}

/**
 * The Electron binary's path, without requiring the 'electron' package: its
 * index starts a download when the binary is missing, with a stack trace
 * where the host cannot be reached. Undefined when it is not installed.
 */
export function electronBinary(pkgDir, env = process.env) {
  if (!pkgDir) return undefined;
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : undefined;
  return binary !== undefined && existsSync(binary) ? binary : undefined;
}

/** Set to skip the download (CI, the tests, machines without the internet). */
export function downloadSkipped(env = process.env) {
  const value = env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? env.npm_config_electron_skip_binary_download;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The platform and arch install.js will ask for (its own rules, Rosetta included). */
function target(env) {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  let arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64' && env.npm_config_arch === undefined) {
    try {
      // install.js downloads arm64 under Rosetta; so must we, or its cache lookup misses.
      if (execSync('sysctl -in sysctl.proc_translated').toString().trim() === '1') arch = 'arm64';
    } catch {
      // Not under Rosetta.
    }
  }
  return { platform, arch };
}

/** Why a download failed, in a few words a person can act on. */
export function describeFailure(error, timeoutMs) {
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = error?.cause ?? error;
  const where = cause?.address ? `${cause.address}${cause.port ? `:${cause.port}` : ''}` : cause?.hostname;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `the connection to ${where ?? 'the download host'} was refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where ?? 'the download host'} could not be found (no network?)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `${where ?? 'the download host'} did not answer`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was cut';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'no network';
    default:
      break;
  }
  if (error?.response?.status) return `the download host answered ${error.response.status} for ${error.response.url ?? 'the file'}`;
  // fetch's own failures say only "fetch failed"; the cause says why.
  const message = String(error?.message === 'fetch failed' && cause !== error && cause?.message ? `fetch failed: ${cause.message}` : (error?.message ?? error)).split('\n')[0];
  if (/checksum/i.test(message)) return 'the file did not match its checksum';
  return message.length > 160 ? `${message.slice(0, 159)}…` : message;
}

/** The one line said when Electron could not be had. */
export function notInstalledLine(version, reason) {
  return `Punie: Electron ${version} could not be downloaded (${reason}). The app needs it, and \`npm start\` tries again; the CLI (npx punie) and npm test work without it.`;
}

function formatMB(bytes) {
  return `${(bytes / 1_000_000).toFixed(0)} MB`;
}

/**
 * Progress for a person: on a terminal one line redrawn in place, elsewhere
 * a line at each quarter.
 */
export function progressReporter(stream, version) {
  let lastQuarter = -1;
  let drawn = false;
  return {
    update({ transferred, total }) {
      if (!total || total < 1_000_000) return; // the checksum file
      const percent = Math.floor((transferred / total) * 100);
      if (stream.isTTY) {
        stream.write(`\rPunie: downloading Electron ${version}: ${String(percent).padStart(3)}% of ${formatMB(total)}`);
        drawn = true;
        return;
      }
      const quarter = Math.floor(percent / 25);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`Punie: downloading Electron ${version}: ${quarter * 25}% of ${formatMB(total)}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** Runs install.js (Electron's `install-electron`) in a child, bounded. */
function runInstallScript(pkgDir, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      if (signal === 'SIGKILL') return resolve({ ok: false, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      // install.js prints the error's stack: its first line says what went wrong.
      const first = output.split('\n').find((line) => line.trim() !== '' && !line.startsWith('    at ')) ?? `install-electron exited with ${code}`;
      resolve({ ok: false, reason: first.replace(/^(Error|TypeError|HTTPError):\s*/, '') });
    });
  });
}

/**
 * Makes sure the Electron binary is installed. Never throws: answers
 * `{ ok: true, binary }` or `{ ok: false, reason }`.
 */
export async function installElectron({ pkgDir, env = process.env, timeoutMs = INSTALL_TIMEOUT_MS, progress }) {
  const version = electronVersion(pkgDir);
  const deadline = Date.now() + timeoutMs;
  try {
    const require = createRequire(join(pkgDir, 'package.json'));
    const { downloadArtifact } = await import(pathToFileURL(require.resolve('@electron/get')).href);
    const checksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums ? undefined : require('./checksums.json');
    const { platform, arch } = target(env);
    await downloadArtifact({
      version,
      artifactName: 'electron',
      platform,
      arch,
      cacheRoot: env.electron_config_cache,
      checksums,
      downloadOptions: {
        quiet: true,
        signal: AbortSignal.timeout(timeoutMs),
        ...(progress ? { getProgressCallback: (p) => progress.update(p) } : {}),
      },
    });
  } catch (error) {
    progress?.end();
    return { ok: false, reason: describeFailure(error, timeoutMs) };
  }
  progress?.end();
  const installed = await runInstallScript(pkgDir, env, Math.max(10_000, deadline - Date.now()));
  if (!installed.ok) return installed;
  const binary = electronBinary(pkgDir, env);
  return binary ? { ok: true, binary } : { ok: false, reason: 'install-electron finished but the binary is not there' };
}
