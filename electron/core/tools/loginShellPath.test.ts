import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandEnv, loginShellPath, resetLoginPathCache } from './loginShellPath';
import { waitUntilGone } from '../../../test/support/core/processAlive';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-shell-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function fakeShell(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe.skipIf(process.platform === 'win32')('login shell PATH', () => {
  it('is not asked for outside macOS', async () => {
    expect(await loginShellPath({ platform: 'linux' })).toBeUndefined();
    const env = await commandEnv({ platform: 'linux', env: { PATH: '/bin' } });
    expect(env.PATH).toBe('/bin');
  });

  it("reads the login shell's PATH between markers, ignoring what the profile prints", async () => {
    // The fake shell runs the -c script with a PATH of its own, after some profile noise.
    const shell = await fakeShell('zsh-ok', 'echo "Welcome!"; PATH=/opt/homebrew/bin:/usr/bin:/bin; eval "$2"');
    expect(await loginShellPath({ platform: 'darwin', shell, env: { PATH: '/usr/bin:/bin' } })).toBe('/opt/homebrew/bin:/usr/bin:/bin');
  });

  it('falls back to the app PATH plus the usual folders when the shell hangs, killing what it started', async () => {
    const pidFile = join(dir, 'hang.pid');
    const shell = await fakeShell('zsh-hang', `sleep 30 & echo $! > "${pidFile}"; wait`);
    expect(await loginShellPath({ platform: 'darwin', shell, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 300 })).toBe(
      '/usr/bin:/bin:/opt/homebrew/bin:/usr/local/bin',
    );
    expect(await waitUntilGone(Number(await readFile(pidFile, 'utf8')))).toBe(true);
  });

  it('resolves once per process and puts the PATH into the command environment', async () => {
    resetLoginPathCache();
    const shell = await fakeShell('zsh-once', `echo x >> "${join(dir, 'calls')}"; PATH=/resolved/bin; eval "$2"`);
    const first = await commandEnv({ platform: 'darwin', shell, env: { PATH: '/usr/bin', HOME: '/h' } });
    const second = await commandEnv({ platform: 'darwin', shell, env: { PATH: '/usr/bin', HOME: '/h' } });
    expect(first).toEqual({ PATH: '/resolved/bin', HOME: '/h' });
    expect(second.PATH).toBe('/resolved/bin');
    expect((await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n')).toHaveLength(1);
    resetLoginPathCache();
  });
});
