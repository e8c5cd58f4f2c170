import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOnPath, missingBuildTools, runProcess } from './toolchain';

describe('toolchain', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'punie-toolchain-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fakeTool(name: string, executable = true): Promise<void> {
    await writeFile(join(dir, name), '#!/bin/sh\nexit 0\n');
    await chmod(join(dir, name), executable ? 0o755 : 0o644);
  }

  it('finds executables on PATH, skipping empty entries and non-executable files', async () => {
    await fakeTool('cmake');
    await fakeTool('make', false);
    const path = ['', dir].join(delimiter);
    expect(findOnPath('cmake', path)).toBe(join(dir, 'cmake'));
    expect(findOnPath('make', path)).toBeUndefined();
    expect(findOnPath('git', path)).toBeUndefined();
  });

  it('names every missing build tool, and the compiler as either c++ or g++', async () => {
    expect(missingBuildTools(dir)).toEqual(['bash', 'cmake', 'make', 'git', 'npm', 'tar', 'a C++ compiler (g++)']);
    for (const tool of ['bash', 'cmake', 'make', 'git', 'npm', 'tar', 'g++']) await fakeTool(tool);
    expect(missingBuildTools(dir)).toEqual([]);
  });

  it('runs a program to completion without a shell, capturing its output and exit code', async () => {
    const result = await runProcess(process.execPath, ['-e', 'process.stdout.write("a b"); process.stderr.write("warn"); process.exit(3)'], {
      timeoutMs: 20_000,
    });
    expect(result).toEqual({ code: 3, signal: null, stdout: 'a b', stderr: 'warn' });
  });

  it('kills a program that outlives its timeout, and one whose signal aborts', async () => {
    const hang = ['-e', 'setInterval(() => {}, 1000)'];
    await expect(runProcess(process.execPath, hang, { timeoutMs: 200 })).rejects.toThrow(/did not finish within/);
    const controller = new AbortController();
    const running = runProcess(process.execPath, hang, { timeoutMs: 20_000, signal: controller.signal });
    controller.abort(new Error('stopped by test'));
    await expect(running).rejects.toThrow('stopped by test');
  });
});
