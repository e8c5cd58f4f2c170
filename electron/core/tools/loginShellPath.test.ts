import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../../test/support/core/processAlive';
import { loginShellPath } from './loginShellPath';

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
});
