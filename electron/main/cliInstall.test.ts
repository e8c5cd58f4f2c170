import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { installLauncher, LAUNCHER_MARK, launcherPlan, uninstallLauncher } from './cliInstall';

const root = mkdtempSync(join(tmpdir(), 'punie-cli-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;
const home = () => join(root, `home-${++serial}`);

describe('the punie launcher', () => {
  it('on Linux and macOS is ~/.local/bin/punie running the app binary with --punie-cli', () => {
    const plan = launcherPlan({ platform: 'linux', home: '/home/ada', execPath: '/opt/Punie/punie', defaultApp: false, appPath: '/x', env: { PATH: '/usr/bin:/home/ada/.local/bin' } });
    expect(plan.file).toBe('/home/ada/.local/bin/punie');
    expect(plan.onPath).toBe(true);
    expect(plan.content).toBe(`#!/bin/sh\n# ${LAUNCHER_MARK}\nexec '/opt/Punie/punie' --punie-cli "$@"\n`);
    const dev = launcherPlan({ platform: 'darwin', home: '/Users/ada', execPath: '/e/Electron', defaultApp: true, appPath: "/Users/ada/it's punie", env: { PATH: '/usr/bin' } });
    expect(dev.onPath).toBe(false);
    expect(dev.content).toContain(`exec '/e/Electron' '/Users/ada/it'\\''s punie' --punie-cli "$@"`);
  });

  it('on Windows is punie.cmd in %LOCALAPPDATA%\\Punie\\bin, which goes on the user PATH', async () => {
    const plan = launcherPlan({
      platform: 'win32',
      home: 'C:\\Users\\ada',
      execPath: 'C:\\Program Files\\Punie\\Punie.exe',
      defaultApp: false,
      appPath: 'x',
      env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local', Path: 'C:\\Windows' },
    });
    expect(plan.file.endsWith('punie.cmd')).toBe(true);
    expect(plan.content).toContain('"C:\\Program Files\\Punie\\Punie.exe" --punie-cli %*\r\n');
    expect(plan.onPath).toBe(false);
  });

  it('installs a launcher that passes every argument through exactly, and uninstalls it', async () => {
    const h = home();
    // The "app binary": records the arguments it gets.
    const app = join(root, 'fake-app.sh');
    writeFileSync(app, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', { mode: 0o755 });
    const plan = launcherPlan({ platform: 'linux', home: h, execPath: app, defaultApp: false, appPath: '', env: { PATH: '/usr/bin' } });
    const done = await installLauncher(plan, 'linux');
    expect(done.ok).toBe(true);
    expect(done.message).toContain(`Installed ${plan.file}.`);
    expect(done.message).toContain('is not on your PATH');
    expect(statSync(plan.file).mode & 0o111).not.toBe(0);
    const r = spawnSync(plan.file, ['ask', 'what is $HOME?', "it's", '--json'], { encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['--punie-cli', 'ask', 'what is $HOME?', "it's", '--json']);
    // Installing again replaces Punie's own launcher.
    expect((await installLauncher(plan, 'linux')).ok).toBe(true);
    expect(await uninstallLauncher(plan)).toEqual({ ok: true, message: `Removed ${plan.file}.` });
    expect(existsSync(plan.file)).toBe(false);
    expect((await uninstallLauncher(plan)).message).toContain('nothing to remove');
  });

  it("never overwrites or removes a punie that is not Punie's launcher", async () => {
    const h = home();
    const plan = launcherPlan({ platform: 'linux', home: h, execPath: '/opt/Punie/punie', defaultApp: false, appPath: '', env: {} });
    await installLauncher(plan, 'linux');
    writeFileSync(plan.file, '#!/bin/sh\necho mine\n');
    expect((await installLauncher(plan, 'linux')).ok).toBe(false);
    expect((await uninstallLauncher(plan)).ok).toBe(false);
    expect(readFileSync(plan.file, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('adds the folder to the Windows user PATH when it is not there, and says so', async () => {
    const h = home();
    const plan = { ...launcherPlan({ platform: 'win32', home: h, execPath: 'C:\\P\\Punie.exe', defaultApp: false, appPath: '', env: { LOCALAPPDATA: join(h, 'local') } }) };
    const add = vi.fn(async () => {});
    const done = await installLauncher(plan, 'win32', add);
    expect(add).toHaveBeenCalledWith(plan.binDir);
    expect(done.message).toContain('was added to your user PATH');
  });
});
