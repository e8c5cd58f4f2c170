import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApp, resetFakeElectron } from '../../test/support/main/fakeElectron';
import { cliArgsFrom, enterApp } from './cliEntry';

vi.mock('electron', () => import('../../test/support/main/fakeElectron'));

beforeEach(() => {
  resetFakeElectron();
  fakeApp.exit.mockClear();
});

function ports(argv: string[], code = 0) {
  const dock = { hide: vi.fn() };
  const runCli = vi.fn(async (_args: readonly string[]) => code);
  const startApp = vi.fn();
  const lock = vi.spyOn(fakeApp, 'requestSingleInstanceLock');
  return { dock, runCli, startApp, lock, entry: { argv, app: Object.assign(fakeApp, { dock }), runCli, startApp, flushStdout: (done: () => void) => done() } };
}

describe('the app binary as the punie command', () => {
  it('finds the CLI arguments after the marker, in a packaged app and in development', () => {
    expect(cliArgsFrom(['/opt/Punie/punie', '--punie-cli', 'ask', 'hi', '--json'])).toEqual(['ask', 'hi', '--json']);
    expect(cliArgsFrom(['/usr/bin/electron', '/home/ada/punie', '--punie-cli', 'acp'])).toEqual(['acp']);
    expect(cliArgsFrom(['/opt/Punie/punie', '--punie-cli'])).toEqual([]);
    expect(cliArgsFrom(['/opt/Punie/punie', '--hidden'])).toBeUndefined();
    // Only the marker itself counts: an argument that merely contains it does not.
    expect(cliArgsFrom(['/opt/Punie/punie', '--punie-cli=acp'])).toBeUndefined();
  });

  it('runs the CLI and exits with its code: no window, no tray, no single-instance lock', async () => {
    const p = ports(['/opt/Punie/punie', '--punie-cli', 'models', '--json'], 4);
    const result = enterApp(p.entry);
    expect(result.mode).toBe('cli');
    if (result.mode === 'cli') await result.done;
    expect(p.runCli).toHaveBeenCalledWith(['models', '--json']);
    expect(fakeApp.exit).toHaveBeenCalledWith(4);
    expect(p.dock.hide).toHaveBeenCalled();
    expect(p.startApp).not.toHaveBeenCalled();
    expect(p.lock).not.toHaveBeenCalled();
  });

  it('exits 1 with one line when the CLI itself throws', async () => {
    const p = ports(['/opt/Punie/punie', '--punie-cli', 'ask']);
    p.runCli.mockRejectedValueOnce(new Error('boom'));
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const result = enterApp(p.entry);
    if (result.mode === 'cli') await result.done;
    expect(write).toHaveBeenCalledWith('punie: boom\n');
    write.mockRestore();
    expect(fakeApp.exit).toHaveBeenCalledWith(1);
  });

  it('starts the windowed app without the marker', () => {
    const p = ports(['/opt/Punie/punie', '--hidden']);
    expect(enterApp(p.entry)).toEqual({ mode: 'app' });
    expect(p.startApp).toHaveBeenCalledOnce();
    expect(p.runCli).not.toHaveBeenCalled();
    expect(fakeApp.exit).not.toHaveBeenCalled();
  });
});

describe('the built main bundle started with --punie-cli (electron stood in)', () => {
  const main = join(process.cwd(), 'out', 'main', 'index.js');
  const dir = mkdtempSync(join(tmpdir(), 'punie-cli-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The names the bundle imports from electron, which the stand-in must export. */
  const importedNames = () => {
    const code = readFileSync(main, 'utf8');
    return [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']electron["']/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)).filter(Boolean);
  };
  const run = (args: string[]) => {
    const log = join(dir, `calls-${args.join('_').replace(/\W/g, '')}.jsonl`);
    const r = spawnSync(process.execPath, ['--import', join(process.cwd(), 'test', 'support', 'main', 'electronStandIn.mjs'), main, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_STAND_IN_NAMES: importedNames().join(','), ELECTRON_STAND_IN_LOG: log, PUNIE_HOME: join(dir, 'home'), PUNIE_USER_DATA_DIR: join(dir, 'app'), PUNIE_LOCAL_ENDPOINTS: 'http://127.0.0.1:9/v1' },
    });
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
    return { ...r, calls };
  };

  it('answers a question with the test model and exits 0, touching nothing of Electron but app.exit', () => {
    if (!existsSync(main)) throw new Error('out/main/index.js is missing: run npm run build');
    const r = run(['--punie-cli', 'ask', 'hello', '--model', 'test', '--no-history']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.calls.filter((c) => 'touched' in c)).toEqual([]);
    expect(r.calls.at(-1)).toEqual({ exit: 0 });
  });

  it("passes the CLI's own exit code through (a usage error is 2)", () => {
    const r = run(['/path/to/app', '--punie-cli', 'ask', 'hi', '--model', '']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model/i);
    expect(r.calls.at(-1)).toEqual({ exit: 2 });
  });
});
