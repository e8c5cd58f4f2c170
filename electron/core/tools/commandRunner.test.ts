import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, type CommandOptions } from './commandRunner';
import { waitUntilGone } from '../../../test/support/core/processAlive';

const base = (over: Partial<CommandOptions>): CommandOptions => ({
  file: 'sh',
  args: [],
  cwd: process.cwd(),
  env: process.env,
  timeoutMs: 20_000,
  maxOutputChars: 10_000,
  signal: new AbortController().signal,
  ...over,
});
const sh = (script: string, over: Partial<CommandOptions> = {}) => runCommand(base({ args: ['-c', script], ...over }));

describe.skipIf(process.platform === 'win32')('command runner', () => {
  it('merges stdout and stderr in arrival order and reports the exit code', async () => {
    const result = await sh('echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2; exit 3');
    expect(result.output).toBe('out1\nerr1\nout2\n');
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, truncated: false });
  });

  it('runs without a shell: arguments are passed as they are', async () => {
    const result = await runCommand(base({ file: 'printf', args: ['%s|', '$HOME', 'a b', '*.ts', '; rm -rf /'] }));
    expect(result.output).toBe('$HOME|a b|*.ts|; rm -rf /|');
  });

  it('keeps the head and the tail of long output, counting what was cut', async () => {
    const result = await runCommand(base({ file: 'seq', args: ['1', '100000'], maxOutputChars: 1_000 }));
    expect(result.truncated).toBe(true);
    expect(result.outputChars).toBe(588_895);
    expect(result.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(result.output.endsWith('99999\n100000\n')).toBe(true);
    expect(result.output).toMatch(/\[… 587895 characters cut from the middle of the output …\]/);
  });

  // Issue 11, item 6: a process that left the command's process group (setsid) kept running after it ended.
  it.skipIf(process.platform !== 'linux')('stops what left the process group too: a setsid grandchild, after the command exits and after Stop', async () => {
    const exited = await sh('setsid sleep 300 >/dev/null 2>&1 & echo $!');
    const escaped = Number(exited.output.trim());
    expect(escaped).toBeGreaterThan(0);
    expect(await waitUntilGone(escaped)).toBe(true);

    const controller = new AbortController();
    const pending = sh('setsid sleep 300 >/dev/null 2>&1 & echo $!; sleep 300', { signal: controller.signal, killGraceMs: 200 });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    const stopped = await pending;
    expect(stopped.aborted).toBe(true);
    expect(await waitUntilGone(Number(stopped.output.trim()))).toBe(true);
  });

  it('kills the whole process tree on timeout, grandchildren included', async () => {
    const result = await sh('sleep 30 & echo $!; sleep 30', { timeoutMs: 300 });
    const grandchild = Number(result.output.trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(await waitUntilGone(grandchild)).toBe(true);
  });

  it('escalates to SIGKILL when the program ignores SIGTERM', async () => {
    const result = await sh('trap "" TERM; echo ready; while true; do sleep 0.05; done', { timeoutMs: 300, killGraceMs: 200 });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(result.output).toBe('ready\n');
  });

  it('stops on abort, killing the tree', async () => {
    const controller = new AbortController();
    const running = sh('sleep 30 & echo $!; sleep 30', { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const result = await running;
    expect(result).toMatchObject({ aborted: true, timedOut: false });
    expect(await waitUntilGone(Number(result.output.trim()))).toBe(true);
  });

  it('stops background processes the program leaves behind', async () => {
    const result = await sh('sleep 30 > /dev/null 2>&1 & echo $!');
    expect(result.exitCode).toBe(0);
    expect(await waitUntilGone(Number(result.output.trim()))).toBe(true);
  });

  it('gives the program no input and a quiet terminal environment', async () => {
    const result = await sh('cat; echo "[$TERM][$NO_COLOR][$GIT_PAGER]"');
    expect(result.output).toBe('[dumb][1][cat]\n');
  });

  it('strips terminal colour codes', async () => {
    const result = await runCommand(base({ file: 'printf', args: ['\\033[31mred\\033[0m plain'] }));
    expect(result.output).toBe('red plain');
  });

  it('rejects a program that does not exist with an actionable message', async () => {
    await expect(runCommand(base({ file: 'punie-no-such-program' }))).rejects.toMatchObject({
      code: 'tool-failed',
      message: expect.stringContaining('"punie-no-such-program" was not found'),
    });
  });
});

describe.runIf(process.platform === 'linux')('command runner: what could not be stopped (issue 11, item 6)', () => {
  it('a command that leaves nothing running, or leaves a setsid grandchild the sweep stops, reports nothing', async () => {
    expect((await sh('echo hi')).notStopped).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'punie-left-'));
    try {
      const result = await sh(`setsid sleep 30 & echo $! > ${dir}/gc`);
      const gc = Number(readFileSync(join(dir, 'gc'), 'utf8'));
      expect(result.notStopped).toBeUndefined();
      expect(await waitUntilGone(gc)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a process it started that the system refuses to stop (another user’s, a setuid program) is reported with its pid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'punie-left-'));
    let gc = 0;
    // The system's answer to SIGKILL for that one process: EPERM, as for a process of another user.
    const kill = (pid: number, sig: NodeJS.Signals | 0) => {
      gc ||= Number(readFileSync(join(dir, 'gc'), 'utf8'));
      if (pid === gc && sig === 'SIGKILL') throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
      process.kill(pid, sig);
    };
    try {
      const result = await sh(`setsid sleep 30 & echo $! > ${dir}/gc`, { kill });
      expect(gc).toBeGreaterThan(0);
      expect(result.notStopped).toEqual({
        pids: [gc],
        note: `1 process it started could not be stopped and may still be running (pid ${gc}) (the system refused to stop some of them: another user’s or a setuid program).`,
      });
    } finally {
      if (gc > 0) process.kill(gc, 'SIGKILL');
      if (gc > 0) await waitUntilGone(gc);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
