import type { UpdateMenuState } from './appMenuTemplate';

/**
 * The updater's states and what the menus show for them (plain data; the
 * shell's updater.ts drives electron-updater and feeds its events here).
 *
 * - `off`: a build without a publish feed (a local build, `npm start`), or
 *   the setting is off: the reason says which;
 * - `idle` → `checking` → `idle` (none) or `downloading` → `downloaded`;
 * - `error`: the last check or download failed (tried again at the next check).
 */
export type UpdateState =
  | { kind: 'off'; reason: string }
  | { kind: 'idle'; checkedAt?: number }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string; percent?: number }
  | { kind: 'downloaded'; version: string }
  | { kind: 'error'; message: string };

export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/** Why updates are off, or undefined when they are on. */
export function updatesOffReason(input: { isPackaged: boolean; hasFeed: boolean; enabled: boolean }): string | undefined {
  if (!input.isPackaged) return 'updates are off in a development build';
  if (!input.hasFeed) return 'updates are off: this build has no update feed (a local build)';
  if (!input.enabled) return 'updates are off in Settings';
  return undefined;
}

/** One line for About. */
export function updateLine(state: UpdateState): string {
  switch (state.kind) {
    case 'off':
      return `Updates: ${state.reason.replace(/^updates are /, '')}`;
    case 'idle':
      return 'Updates: on, checked at start and every 4 hours';
    case 'checking':
      return 'Updates: checking now';
    case 'downloading':
      return `Updates: downloading ${state.version}${state.percent === undefined ? '' : ` (${Math.floor(state.percent)}%)`}`;
    case 'downloaded':
      return `Updates: ${state.version} is ready; restart to update`;
    case 'error':
      return `Updates: the last check failed (${state.message})`;
  }
}

/** The Help menu's update items. Restart is offered once an update is downloaded, and disabled while a run is going. */
export function updateMenu(state: UpdateState, runActive: boolean): UpdateMenuState {
  const check =
    state.kind === 'off'
      ? { label: 'Updates Are Off', enabled: false }
      : state.kind === 'checking' || state.kind === 'downloading'
        ? { label: state.kind === 'checking' ? 'Checking for Updates…' : 'Downloading Update…', enabled: false }
        : { label: 'Check for Updates…', enabled: true };
  if (state.kind !== 'downloaded') return { check };
  return { check, restart: { label: runActive ? `Restart to Update to ${state.version} (after the run)` : `Restart to Update to ${state.version}`, enabled: !runActive } };
}

/** The tray's item, only once an update is downloaded. */
export function updateTrayItem(state: UpdateState, runActive: boolean): { label: string; enabled: boolean } | undefined {
  if (state.kind !== 'downloaded') return undefined;
  return { label: runActive ? 'Restart to Update (after the run)' : 'Restart to Update', enabled: !runActive };
}
