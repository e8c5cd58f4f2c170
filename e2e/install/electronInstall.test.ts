import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../fake-server/closedPort';
import { startElectronMirror, type ElectronMirror } from './standInElectron';

/**
 * `npm ci` then `npm start`, as a new user runs them, in a fresh copy of the
 * project, with Electron's download host played by a local mirror serving a
 * stand-in binary (an executable script that records its arguments). The
 * online path: npm ci downloads, checks and unpacks it (path.txt written) and
 * `npm start` runs it with the app's folder. The offline path: the mirror at
 * a closed port, npm ci still succeeds and says so in one line.
 *
 * Nothing here can reach the real download host: ELECTRON_MIRROR is always a
 * loopback address, Electron's cache is an empty temp folder, and every other
 * variable that moves the download is removed. npm's packages come from its
 * cache (prefer-offline). Slow (two `npm ci` with the build): in the
 * real-world project.
 */

const root = resolve(import.meta.dirname, '../..');
const NPM_TIMEOUT_MS = 600_000;
const supported = process.platform === 'linux' || process.platform === 'darwin';

let work: string;
let clone: string;
let mirror: ElectronMirror;
let version: string;

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${output.slice(-4000)}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/** The environment of a user's shell, less anything that would skip or move Electron's download. */
function userEnv(mirrorUrl: string, cache: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(ELECTRON_|electron_|npm_|NPM_CONFIG_ELECTRON|PUNIE_|VITEST|NODE_OPTIONS$|force_no_cache$)/i.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    ELECTRON_MIRROR: mirrorUrl,
    electron_use_remote_checksums: '1',
    electron_config_cache: cache,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** The project as a fresh clone has it: the files git knows (tracked, and new ones not ignored), without node_modules or out/. */
async function freshCopy(to: string): Promise<void> {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the work tree
    await mkdir(dirname(join(to, file)), { recursive: true });
    await cp(join(root, file), join(to, file));
  }
}

beforeAll(async () => {
  if (!supported) return;
  work = await mkdtemp(join(tmpdir(), 'punie-install-'));
  clone = join(work, 'punie');
  await freshCopy(clone);
  clone = await realpath(clone);
  version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  mirror = await startElectronMirror({ version, platform: process.platform, arch: process.arch });
}, 120_000);

afterAll(async () => {
  await mirror?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(!supported)('npm ci → npm start in a fresh clone (local Electron mirror)', () => {
  it('npm ci downloads Electron from the mirror, and npm start runs it with the app’s folder', async () => {
    const cache = join(work, 'electron-cache-online');
    const record = join(work, 'stand-in-args.txt');
    const env = userEnv(mirror.url, cache, { PUNIE_STANDIN_RECORD: record });

    const install = await run('npm', ['ci'], clone, env, NPM_TIMEOUT_MS);
    expect(install.code, install.output.slice(-4000)).toBe(0);
    expect(install.output).toContain(`Punie: Electron ${version} installed.`);
    expect(mirror.requests).toContain(`/v${version}/electron-v${version}-${process.platform}-${process.arch}.zip`);
    expect(mirror.requests).toContain(`/v${version}/SHASUMS256.txt`);
    const electronDir = join(clone, 'node_modules', 'electron');
    const relative = await readFile(join(electronDir, 'path.txt'), 'utf8');
    expect(existsSync(join(electronDir, 'dist', relative))).toBe(true);

    const start = await run('npm', ['start', '--', '--hidden'], clone, env, 120_000);
    expect(start.code, start.output).toBe(0);
    const lines = (await readFile(record, 'utf8')).trim().split('\n');
    expect(lines).toEqual([`cwd=${clone}`, `arg=${clone}`, 'arg=--hidden']);
  }, NPM_TIMEOUT_MS + 180_000);

  it('with the mirror unreachable, npm ci still succeeds and says so in one line', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}/`;
    const env = userEnv(closed, join(work, 'electron-cache-offline'));

    const install = await run('npm', ['ci'], clone, env, NPM_TIMEOUT_MS);
    expect(install.code, install.output.slice(-4000)).toBe(0);
    const said = install.output.split('\n').filter((l) => l.includes('Electron'));
    expect(said).toEqual([
      `Punie: Electron ${version} could not be downloaded (the connection to ${closed.slice('http://'.length, -1)} was refused). The app needs it, and \`npm start\` tries again; the CLI (npx punie) and npm test work without it.`,
    ]);
    expect(install.output).not.toMatch(/\n\s+at /);
    expect(existsSync(join(clone, 'node_modules', 'electron', 'path.txt'))).toBe(false);

    // npm start tries once more, then gives up with the same line (exit 1).
    const start = await run('npm', ['start'], clone, env, 120_000);
    expect(start.code).toBe(1);
    expect(start.output).toContain(said[0]);
    expect(start.output).not.toMatch(/\n\s+at /);
  }, NPM_TIMEOUT_MS + 180_000);
});
