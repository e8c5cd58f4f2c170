import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings';
import { PunieError } from '../errors';
import { loadSettingsFile, saveSettingsFile, SETTINGS_FILE_NAME } from './settingsFile';

let dir: string;
let path: string;
const signal = new AbortController().signal;
const fixedNow = () => new Date('2025-01-31T10:00:00.000Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'punie-settings-'));
  path = join(dir, SETTINGS_FILE_NAME);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings file', () => {
  it('uses defaults, without a notice, when there is no file yet', async () => {
    expect(await loadSettingsFile(path, signal)).toEqual({ settings: defaultSettings() });
  });

  it('round-trips settings through an atomic write', async () => {
    const settings = { ...defaultSettings(), theme: 'dark' as const, workspace: '/home/me/project', lastModel: 'test' };
    await saveSettingsFile(path, settings, signal);
    expect(await loadSettingsFile(path, signal)).toEqual({ settings });
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('fills in defaults for fields an older file lacks', async () => {
    await writeFile(path, JSON.stringify({ theme: 'light' }));
    const { settings, notice } = await loadSettingsFile(path, signal);
    expect(notice).toBeUndefined();
    expect(settings).toEqual({ ...defaultSettings(), theme: 'light' });
  });

  it('keeps a file that is not JSON aside, uses defaults and says where it went', async () => {
    await writeFile(path, '{"theme": "dark",');
    const loaded = await loadSettingsFile(path, signal, fixedNow);
    expect(loaded.settings).toEqual(defaultSettings());
    const aside = join(dir, 'settings.corrupt-2025-01-31T10-00-00-000Z.json');
    expect(loaded.keptAside).toBe(aside);
    expect(loaded.notice).toContain(aside);
    expect(loaded.notice).toMatch(/not valid JSON/);
    expect(await readFile(aside, 'utf8')).toBe('{"theme": "dark",');
    // The next save does not touch the kept file.
    await saveSettingsFile(path, defaultSettings(), signal);
    expect(await readFile(aside, 'utf8')).toBe('{"theme": "dark",');
  });

  it('keeps a file that does not match the schema aside, naming the field', async () => {
    await writeFile(path, JSON.stringify({ theme: 'purple' }));
    const loaded = await loadSettingsFile(path, signal, fixedNow);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.notice).toMatch(/\(theme\)/);
    expect(await readdir(dir)).toEqual(['settings.corrupt-2025-01-31T10-00-00-000Z.json']);
  });

  it('keeps a directory in the way aside', async () => {
    await mkdir(path);
    const loaded = await loadSettingsFile(path, signal, fixedNow);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.keptAside).toBeDefined();
  });

  it('creates the folder when it does not exist yet', async () => {
    const nested = join(dir, 'a', 'b', SETTINGS_FILE_NAME);
    await saveSettingsFile(nested, defaultSettings(), signal);
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual(defaultSettings());
  });

  it('fails with an actionable PunieError when it cannot write', async () => {
    const blocked = join(dir, 'file-not-folder');
    await writeFile(blocked, 'x');
    const error = await saveSettingsFile(join(blocked, SETTINGS_FILE_NAME), defaultSettings(), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PunieError);
    expect((error as PunieError).code).toBe('internal');
    expect((error as PunieError).message).toMatch(/could not save your settings/);
  });

  it('does not start when already aborted', async () => {
    const aborted = AbortSignal.abort();
    await expect(loadSettingsFile(path, aborted)).rejects.toThrow();
    await expect(saveSettingsFile(path, defaultSettings(), aborted)).rejects.toThrow();
  });
});
