import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppPresets } from './appPresets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-presets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const signal = () => new AbortController().signal;

describe('loadAppPresets', () => {
  it("reads the presets from the app's settings, and nothing from a missing file", async () => {
    const path = join(dir, 'settings.json');
    expect(await loadAppPresets(path, signal())).toEqual({});
    await writeFile(path, JSON.stringify({ theme: 'dark', modelPresets: { 'qwen/qwen3-coder-30b': { temperature: 0.5, maxOutputTokens: 4000 } } }));
    expect(await loadAppPresets(path, signal())).toEqual({ presets: { 'qwen/qwen3-coder-30b': { temperature: 0.5, maxOutputTokens: 4000 } } });
  });

  it('says in one line when the file or the presets cannot be used, and leaves the file alone', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, '{ not json');
    expect((await loadAppPresets(path, signal())).notice).toMatch(/is not valid JSON; your model presets are not used/);
    await writeFile(path, JSON.stringify({ modelPresets: { m: { temperature: 'hot' } } }));
    expect(await loadAppPresets(path, signal())).toEqual({ notice: expect.stringContaining('(m.temperature)') });
    expect((await loadAppPresets(dir, signal())).notice).toMatch(/is not a settings file/);
  });
});
