import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../core/log';
import { createSettingsService } from './settingsService';

const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, child: () => quiet };
const signal = new AbortController().signal;
let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'punie-settings-svc-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings service', () => {
  it('persists an update before announcing it', async () => {
    const path = join(dir, 'settings.json');
    const service = await createSettingsService({ path, signal, log: quiet });
    const listener = vi.fn(async () => JSON.parse(await readFile(path, 'utf8')));
    service.subscribe(listener);
    const next = await service.update({ theme: 'dark' }, signal);
    expect(next.theme).toBe('dark');
    expect(service.get().theme).toBe('dark');
    expect(listener).toHaveBeenCalledOnce();
    expect(await listener.mock.results[0]?.value).toMatchObject({ theme: 'dark' });
  });

  it('applies concurrent updates one after the other, losing none', async () => {
    const path = join(dir, 'settings.json');
    const service = await createSettingsService({ path, signal, log: quiet });
    await Promise.all([service.update({ theme: 'dark' }, signal), service.update({ maxTurns: 7 }, signal), service.update({ closeToTray: false }, signal)]);
    expect(service.get()).toMatchObject({ theme: 'dark', maxTurns: 7, closeToTray: false });
    const reloaded = await createSettingsService({ path, signal, log: quiet });
    expect(reloaded.get()).toMatchObject({ theme: 'dark', maxTurns: 7, closeToTray: false });
  });

  it('keeps the old settings when a write fails', async () => {
    const service = await createSettingsService({ path: join(dir, 'missing-parent-is-a-file', 'settings.json'), signal, log: quiet });
    await writeFile(join(dir, 'missing-parent-is-a-file'), 'x');
    await expect(service.update({ theme: 'dark' }, signal)).rejects.toMatchObject({ code: 'internal' });
    expect(service.get().theme).toBe('system');
    // The queue recovers for the next update.
    await expect(service.update({ theme: 'light' }, signal)).rejects.toMatchObject({ code: 'internal' });
  });

  it('carries the notice of an unreadable file', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, 'garbage');
    const service = await createSettingsService({ path, signal, log: quiet });
    expect(service.notice()).toMatch(/could not be read/);
  });
});
