import { createLogger, type Logger } from '../core/log';
import type { ShortcutPort, ShortcutStatus, Unsubscribe } from './services';

/**
 * The quick-ask global shortcut: registered at start, re-registered when the
 * setting changes, and when registration fails (another app holds the keys,
 * or the accelerator is not valid) the status says so instead of failing
 * silently; settings show it. The registrar is Electron's globalShortcut,
 * passed in so this runs in plain Node.
 */

/** The part of Electron's globalShortcut this uses. */
export interface ShortcutRegistrar {
  /** False when another application already holds the shortcut. May throw on an invalid accelerator. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface QuickAskShortcut extends ShortcutPort {
  /** Makes `accelerator` the shortcut (an empty string turns it off); answers the new status. */
  apply(accelerator: string): ShortcutStatus;
  /** Unregisters the shortcut. */
  dispose(): void;
}

const MODIFIERS = new Set([
  'command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta',
]);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'volumeup', 'volumedown',
  'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause', 'printscreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);

function isKey(part: string): boolean {
  const p = part.toLowerCase();
  if (NAMED_KEYS.has(p)) return true;
  if (/^f([1-9]|1[0-9]|2[0-4])$/.test(p)) return true;
  return /^[a-z0-9)!@#$%^&*(:;<>=?_~{}|"',./`[\]\\-]$/i.test(part);
}

/**
 * Why an accelerator cannot be a global shortcut, or undefined when it can.
 * A global shortcut needs at least one modifier (except the F keys), so it
 * never swallows ordinary typing in other apps.
 */
export function acceleratorProblem(accelerator: string): string | undefined {
  const parts = accelerator.split('+').map((p) => p.trim());
  // "Ctrl++" names the plus key: the split leaves two empty parts at the end.
  if (parts.length >= 3 && parts.at(-1) === '' && parts.at(-2) === '') parts.splice(-2, 2, 'Plus');
  if (parts.some((p) => p === '')) return `“${accelerator}” is not a valid shortcut.`;
  const key = parts.at(-1) ?? '';
  const modifiers = parts.slice(0, -1);
  if (!isKey(key) || modifiers.some((m) => !MODIFIERS.has(m.toLowerCase()))) return `“${accelerator}” is not a valid shortcut.`;
  if (modifiers.length === 0 && !/^f([1-9]|1[0-9]|2[0-4])$/i.test(key)) {
    return `“${accelerator}” needs a modifier such as CommandOrControl, Alt or Shift.`;
  }
  return undefined;
}

export function createQuickAskShortcut(options: { registrar: ShortcutRegistrar; onTrigger: () => void; log?: Logger }): QuickAskShortcut {
  const log = options.log ?? createLogger('main:shortcut');
  const listeners = new Set<(s: ShortcutStatus) => void>();
  let current: ShortcutStatus = { accelerator: '', registered: false };

  const set = (next: ShortcutStatus) => {
    current = next;
    for (const listener of [...listeners]) listener(current);
    return current;
  };

  const release = () => {
    if (!current.registered) return;
    try {
      options.registrar.unregister(current.accelerator);
    } catch (error) {
      log.warn('unregistering the quick-ask shortcut failed', { accelerator: current.accelerator, error: String(error) });
    }
  };

  return {
    status: () => current,
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    apply(accelerator) {
      const wanted = accelerator.trim();
      if (wanted === current.accelerator && current.registered) return current;
      release();
      if (wanted === '') return set({ accelerator: '', registered: false, error: 'The quick-ask shortcut is turned off.' });
      const problem = acceleratorProblem(wanted);
      if (problem !== undefined) return set({ accelerator: wanted, registered: false, error: problem });
      let ok: boolean;
      try {
        ok = options.registrar.register(wanted, options.onTrigger);
      } catch {
        return set({ accelerator: wanted, registered: false, error: `“${wanted}” is not a valid shortcut.` });
      }
      if (!ok) {
        log.info('the quick-ask shortcut is taken', { accelerator: wanted });
        return set({
          accelerator: wanted,
          registered: false,
          error: `${wanted} is already used by another app. Choose another shortcut, or free it in that app.`,
        });
      }
      return set({ accelerator: wanted, registered: true });
    },
    dispose() {
      release();
      current = { accelerator: current.accelerator, registered: false };
      listeners.clear();
    },
  };
}

/** Registers the shortcut the settings name now, and again whenever that setting changes. */
export function followShortcutSetting(
  shortcut: Pick<QuickAskShortcut, 'apply'>,
  settings: { get(): { quickAskShortcut: string }; subscribe(listener: (s: { quickAskShortcut: string }) => void): Unsubscribe },
): Unsubscribe {
  let last = settings.get().quickAskShortcut;
  shortcut.apply(last);
  return settings.subscribe((s) => {
    if (s.quickAskShortcut === last) return;
    last = s.quickAskShortcut;
    shortcut.apply(last);
  });
}
