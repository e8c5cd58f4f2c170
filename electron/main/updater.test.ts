import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/log';
import { createUpdater, type AutoUpdaterPort } from './updater';
import { updateLine, updateMenu, updateTrayItem, type UpdateState } from './updateState';

/** electron-updater's autoUpdater as far as Punie uses it: events, a check, quit-and-install. */
class FakeAutoUpdater extends EventEmitter implements AutoUpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installed: unknown[] = [];
  next: (u: FakeAutoUpdater) => void = (u) => u.emit('update-not-available', { version: '0.1.0' });
  async checkForUpdates() {
    this.checks += 1;
    this.emit('checking-for-update');
    this.next(this);
    return {};
  }
  quitAndInstall(...args: unknown[]) {
    this.installed.push(args);
  }
}

afterEach(() => vi.useRealTimers());

function setup(over: { isPackaged?: boolean; hasFeed?: boolean; enabled?: boolean; running?: boolean } = {}) {
  const fake = new FakeAutoUpdater();
  const states: UpdateState[] = [];
  let enabled = over.enabled ?? true;
  let running = over.running ?? false;
  const load = vi.fn(async () => fake);
  const updater = createUpdater({
    load,
    isPackaged: over.isPackaged ?? true,
    hasFeed: over.hasFeed ?? true,
    enabled: () => enabled,
    runActive: () => running,
    onChange: (s) => states.push(s),
    log: createLogger('test'),
    intervalMs: 1_000,
    now: () => 42,
  });
  return { fake, states, updater, load, setEnabled: (v: boolean) => (enabled = v), setRunning: (v: boolean) => (running = v) };
}

describe('updates', () => {
  it('are off in a development build and in a build without a feed, and never load the updater', async () => {
    for (const [over, reason] of [
      [{ isPackaged: false }, 'updates are off in a development build'],
      [{ hasFeed: false }, 'updates are off: this build has no update feed (a local build)'],
      [{ enabled: false }, 'updates are off in Settings'],
    ] as const) {
      const t = setup(over);
      await t.updater.refresh();
      expect(t.updater.state()).toEqual({ kind: 'off', reason });
      expect(t.load).not.toHaveBeenCalled();
      expect(updateMenu(t.updater.state(), false)).toEqual({ check: { label: 'Updates Are Off', enabled: false } });
      expect(updateLine(t.updater.state())).toBe(`Updates: ${reason.slice('updates are '.length)}`);
    }
  });

  it('check at start and every interval, quietly, downloading what they find', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.updater.refresh();
    expect(t.fake.autoDownload).toBe(true);
    expect(t.fake.autoInstallOnAppQuit).toBe(true);
    expect(t.fake.checks).toBe(1);
    expect(t.states.map((s) => s.kind)).toEqual(['idle', 'checking', 'idle']);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.fake.checks).toBe(4);

    t.fake.next = (u) => {
      u.emit('update-available', { version: '0.2.0' });
      u.emit('download-progress', { percent: 41.7 });
    };
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.updater.state()).toEqual({ kind: 'downloading', version: '0.2.0', percent: 41.7 });
    expect(updateLine(t.updater.state())).toBe('Updates: downloading 0.2.0 (41%)');
    expect(updateMenu(t.updater.state(), false).check).toEqual({ label: 'Downloading Update…', enabled: false });
    t.fake.emit('update-downloaded', { version: '0.2.0' });
    expect(t.updater.state()).toEqual({ kind: 'downloaded', version: '0.2.0' });
    // Once one is ready, no more checks.
    const checks = t.fake.checks;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.fake.checks).toBe(checks);
    t.updater.dispose();
  });

  it('offer Restart to Update once downloaded, never in the middle of a run', async () => {
    const t = setup();
    t.fake.next = (u) => u.emit('update-downloaded', { version: '0.2.0' });
    await t.updater.refresh();
    t.setRunning(true);
    expect(updateMenu(t.updater.state(), true).restart).toEqual({ label: 'Restart to Update to 0.2.0 (after the run)', enabled: false });
    expect(updateTrayItem(t.updater.state(), true)).toEqual({ label: 'Restart to Update (after the run)', enabled: false });
    expect(t.updater.restart()).toBe(false);
    expect(t.fake.installed).toEqual([]);
    t.setRunning(false);
    expect(updateMenu(t.updater.state(), false).restart).toEqual({ label: 'Restart to Update to 0.2.0', enabled: true });
    expect(updateTrayItem(t.updater.state(), false)).toEqual({ label: 'Restart to Update', enabled: true });
    expect(t.updater.restart()).toBe(true);
    expect(t.fake.installed).toEqual([[false, true]]);
    t.updater.dispose();
  });

  it('say a failed check in one line and try again at the next one; turning the setting off stops checking', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.fake.next = (u) => u.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack'));
    await t.updater.refresh();
    expect(t.updater.state()).toEqual({ kind: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' });
    expect(updateMenu(t.updater.state(), false).check.enabled).toBe(true);
    t.fake.next = (u) => u.emit('update-not-available', {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.updater.state()).toEqual({ kind: 'idle', checkedAt: 42 });
    t.setEnabled(false);
    await t.updater.refresh();
    expect(t.updater.state()).toEqual({ kind: 'off', reason: 'updates are off in Settings' });
    const checks = t.fake.checks;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.fake.checks).toBe(checks);
    t.updater.dispose();
  });
});
