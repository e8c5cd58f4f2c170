import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeLms } from '../../../test/support/core/fakeLms';
import { checkLmsModelKey, cleanOutput, findLms, lastFraction, loadedIdentifier, runLms } from './lmsCommand';

const root = await mkdtemp(join(tmpdir(), 'punie-lms-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const platform = process.platform === 'win32' ? 'linux' : process.platform;

describe('findLms', () => {
  it('looks on the PATH first, then in ~/.lmstudio/bin', async () => {
    const home = join(root, 'home');
    const inHome = await createFakeLms(join(home, '.lmstudio', 'bin'));
    expect(await findLms({ env: { PATH: '/nonexistent' }, home, platform })).toBe(inHome.file);
    const onPath = await createFakeLms(join(root, 'bin'));
    expect(await findLms({ env: { PATH: `/nonexistent:${onPath.dir}` }, home, platform })).toBe(onPath.file);
    expect(await findLms({ env: {}, home: join(root, 'nobody'), platform })).toBeUndefined();
  });

  it('never takes a program from a relative PATH entry (the current folder), nor one that is not executable', async () => {
    const cwd = join(root, 'cwd');
    await createFakeLms(cwd);
    const before = process.cwd();
    process.chdir(cwd);
    try {
      expect(await findLms({ env: { PATH: `.:${''}:bin` }, home: join(root, 'nobody'), platform })).toBeUndefined();
    } finally {
      process.chdir(before);
    }
    const plain = join(root, 'plain');
    await mkdir(plain);
    await writeFile(join(plain, 'lms'), 'not a program');
    expect(await findLms({ env: { PATH: plain }, home: join(root, 'nobody'), platform })).toBeUndefined();
  });
});

describe('reading lms output', () => {
  it('takes the last percentage of a spinner redraw', () => {
    expect(lastFraction('\rLoading qwen/qwen3-8b 12% ⠋\rLoading qwen/qwen3-8b 47% ⠙')).toBe(0.47);
    expect(lastFraction('Loading model 3b')).toBeUndefined();
    expect(lastFraction('250%')).toBeUndefined();
  });

  it('keeps the last state of each redrawn line, without escapes', () => {
    expect(cleanOutput('\x1b[?25l\rLoading m 10% ⠋\rLoading m 100% ⠙\r\x1b[K\x1b[?25hModel loaded successfully in 1.20s.\n(4.68 GiB)\n')).toBe('Model loaded successfully in 1.20s.\n(4.68 GiB)');
    expect(cleanOutput('\rLoading m 10% ⠋\rLoading m 100% ⠙\nError: out of memory\n')).toBe('Loading m 100% ⠙\nError: out of memory');
    expect(loadedIdentifier('To use the model in the API/SDK, use the identifier "qwen/qwen3-8b:2".')).toBe('qwen/qwen3-8b:2');
  });

  it('refuses keys lms would read as options or that carry control characters', () => {
    expect(() => checkLmsModelKey('-y')).toThrow(/not a model key/);
    expect(() => checkLmsModelKey('a\nb')).toThrow(/not a model key/);
    expect(() => checkLmsModelKey('qwen/qwen3-8b')).not.toThrow();
  });
});

describe('runLms', () => {
  it('stops a program that outlives its time', async () => {
    const fake = await createFakeLms(join(root, 'slow'), { steps: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], stepMs: 400 });
    let progressed = false;
    await expect(
      runLms(fake.file, ['load', 'm'], { signal: new AbortController().signal, timeoutMs: 2_000, env: {}, onProgress: () => (progressed = true) }),
    ).rejects.toMatchObject({ code: 'server-unavailable', message: 'lms did not finish within 2 s.' });
    expect(progressed).toBe(true);
    expect((await fake.calls()).at(-1)).toEqual(['SIGINT']);
  });

  it('says so when the program cannot be started', async () => {
    await expect(runLms(join(root, 'missing', 'lms'), ['load', 'm'], { signal: new AbortController().signal, timeoutMs: 1_000, env: {} })).rejects.toMatchObject({ code: 'unsupported' });
  });
});
