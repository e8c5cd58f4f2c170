import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packs the built app with electron-builder's Linux `dir` target and a
 * stand-in Electron distribution (no download), then checks what went into
 * the asar: the main, preload and both renderer entries, and no test or
 * source files, no source maps, no dev-only packages, within a size budget.
 * The stand-in binary carries a fuse wire like the real one's, so the test
 * reads back the fuses the afterPack hook flipped: every packaged build gets
 * them, with no environment variable.
 */

const root = resolve(import.meta.dirname, '../..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar integrity off, asar-only off, V8 snapshot off, file privileges on. */
const DEFAULT_WIRE = '10110001';
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/quick.html'];
/**
 * The asar's budget. Today's build is about 18 MiB: the app itself (out/) is
 * about 1.2 MiB, the rest is the runtime dependencies, mostly the SDKs' own
 * trees (Anthropic, ACP, zod, OpenAI, MCP with its HTTP server packages).
 * Past the budget something that should not ship got in: a dev package, a
 * second copy of a dependency, source maps.
 */
const ASAR_BUDGET_BYTES = 24 * 1024 * 1024;

let work: string;
let appDir: string;
let entries: string[];

/** A shell script standing in for Electron, with a fuse wire like the real binary's. */
function standInElectron(wire: string): Buffer {
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests"\nexit 0\n# '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, wire.length]),
    Buffer.from(wire),
    Buffer.from('\n'),
  ]);
}

async function fuseWire(binary: string): Promise<string> {
  const bytes = await readFile(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = bytes[at + 1] ?? 0;
  return bytes.subarray(at + 2, at + 2 + length).toString('latin1');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${output}`));
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

beforeAll(async () => {
  const missing = BUILT.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) throw new Error(`The app is not built (missing ${missing.join(', ')}): run \`npm run build\` first.`);

  work = await mkdtemp(join(tmpdir(), 'punie-pack-'));
  const dist = join(work, 'electron-dist');
  await mkdir(join(dist, 'resources'), { recursive: true });
  await writeFile(join(dist, 'electron'), standInElectron(DEFAULT_WIRE));
  await chmod(join(dist, 'electron'), 0o755);

  const env: NodeJS.ProcessEnv = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  // Whatever the shell had: the fuses must not depend on it.
  for (const name of Object.keys(env)) if (name.startsWith('PUNIE_')) delete env[name];
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  const { code, output } = await run(
    bin,
    ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${join(work, 'release')}`],
    env,
    110_000,
  );
  if (code !== 0) throw new Error(`electron-builder failed (exit ${code}):\n${output}`);
  appDir = join(work, 'release', 'linux-unpacked');
  entries = listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((e) => e.replaceAll('\\', '/'));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packaged app (electron-builder --linux dir, stand-in Electron)', () => {
  it('holds the main, preload and both renderer entries', () => {
    for (const file of ['/package.json', ...BUILT.map((f) => `/${f}`)]) expect(entries, file).toContain(file);
  });

  it('holds only the built app and its runtime dependencies at the top', () => {
    expect(entries.filter((e) => /^\/[^/]+$/.test(e)).sort()).toEqual(['/node_modules', '/out', '/package.json']);
    expect(entries.filter((e) => /^\/out\/[^/]+$/.test(e)).sort()).toEqual(['/out/main', '/out/preload', '/out/renderer']);
  });

  it('holds no test or source files and no source maps', () => {
    const offending = entries.filter(
      (e) => /\.(ts|tsx|mts|cts)$/.test(e) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(e) || /\.map$/.test(e) || /\/(__tests__|tests?)\//.test(e),
    );
    expect(offending).toEqual([]);
  });

  it('ships runtime dependencies only: no renderer-only or build packages', () => {
    const packages = new Set(entries.filter((e) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(e)).map((e) => e.slice('/node_modules/'.length)));
    expect(packages.has('zod')).toBe(true);
    for (const devOnly of ['react', 'react-dom', 'react-markdown', 'highlight.js', 'zustand', 'electron', 'vite', 'vitest', 'typescript', '@playwright/test', 'electron-builder']) {
      expect(packages.has(devOnly), devOnly).toBe(false);
    }
  });

  it('puts the tray icons and the window icon in resources, outside the asar', () => {
    for (const state of ['ready', 'no-model', 'offline']) {
      expect(existsSync(join(appDir, 'resources', 'tray', `tray-${state}.png`)), state).toBe(true);
      expect(existsSync(join(appDir, 'resources', 'tray', `tray-${state}Template@2x.png`)), state).toBe(true);
    }
    expect(existsSync(join(appDir, 'resources', 'icons', '512x512.png'))).toBe(true);
  });

  it('holds no test support, fakes, e2e, bench or build scripts', () => {
    const offending = entries.filter((e) =>
      /^\/(test|e2e|bench|scripts|build|electron|shared|renderer|\.github|\.ci)(\/|$)/.test(e) ||
      /^\/out\/.*\/(fakes|testing|__testing__|fixtures)\//.test(e) ||
      /^\/out\/.*(fakeElectron|scriptedModel|loopHarness|killTestChild|spawnPunie|testIo|plainNodeMain)\b/.test(e) ||
      /^\/out\/cli(\/|$)/.test(e),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the asar within its size budget', async () => {
    const { size } = await stat(join(appDir, 'resources', 'app.asar'));
    expect(size).toBeGreaterThan(1024 * 1024);
    expect(size).toBeLessThan(ASAR_BUDGET_BYTES);
  });

  it('flips the fuses in every packaged build, with no environment variable', async () => {
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, inspect off, asar integrity on, asar only on, V8 snapshot untouched, file privileges off.
    expect(await fuseWire(join(appDir, 'punie'))).toBe('01001100');
  });
});
