import type { DialogsPort, ExternalPort, WindowsPort } from '../../../electron/main/services';
import type { Encryptor } from '../../../electron/main/secretsStore';
import type { ShortcutRegistrar } from '../../../electron/main/quickAskShortcut';

/**
 * Stand-ins for the Electron-backed shell ports, for tests and the browser
 * host: they record what was asked and answer what the test scripted.
 */

export interface RecordingDialogs extends DialogsPort {
  /** What the next folder picker answers (null: cancelled). */
  folder: string | null;
  /** What the next save dialog answers (null: cancelled). */
  savePath: string | null;
  readonly saved: { path: string; text: string }[];
  /** What the next confirmation answers (true: the user clicked the confirm button). */
  confirmAnswer: boolean;
  /** Every confirmation main asked for, in order. */
  readonly confirmations: { title: string; message: string; detail: string; confirmLabel: string }[];
}

export function createRecordingDialogs(initial: { folder?: string | null; savePath?: string | null; confirmAnswer?: boolean } = {}): RecordingDialogs {
  const saved: { path: string; text: string }[] = [];
  const confirmations: RecordingDialogs['confirmations'] = [];
  const dialogs: RecordingDialogs = {
    folder: initial.folder ?? null,
    savePath: initial.savePath ?? null,
    saved,
    confirmAnswer: initial.confirmAnswer ?? true,
    confirmations,
    async confirm(options) {
      confirmations.push({ ...options });
      return dialogs.confirmAnswer;
    },
    async pickFolder() {
      return dialogs.folder;
    },
    async saveText({ text }) {
      if (dialogs.savePath === null) return null;
      saved.push({ path: dialogs.savePath, text });
      return dialogs.savePath;
    },
  };
  return dialogs;
}

export interface RecordingExternal extends ExternalPort {
  readonly opened: string[];
}

export function createRecordingExternal(): RecordingExternal {
  const opened: string[] = [];
  return {
    opened,
    async openExternal(url) {
      opened.push(url);
      return true;
    },
    async openPath(path) {
      opened.push(path);
      return true;
    },
  };
}

export interface RecordingWindows extends WindowsPort {
  readonly calls: ('showQuickAsk' | 'hideQuickAsk' | 'showMain')[];
}

export function createRecordingWindows(): RecordingWindows {
  const calls: RecordingWindows['calls'] = [];
  return {
    calls,
    showQuickAsk: () => void calls.push('showQuickAsk'),
    hideQuickAsk: () => void calls.push('hideQuickAsk'),
    showMain: () => void calls.push('showMain'),
  };
}

/**
 * A reversible stand-in for safeStorage (NOT encryption): lets the secrets
 * store run in plain Node. `backend` mimics Linux's reported backend.
 */
export function createTestEncryptor(options: { available?: boolean; backend?: string } = {}): Encryptor {
  const available = options.available ?? true;
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(`test-enc:${Buffer.from(plain, 'utf8').toString('hex')}`, 'utf8'),
    decryptString: (encrypted) => {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('test-enc:')) throw new Error('not encrypted by the test encryptor');
      return Buffer.from(text.slice('test-enc:'.length), 'hex').toString('utf8');
    },
    ...(options.backend === undefined ? {} : { getSelectedStorageBackend: () => options.backend ?? 'unknown' }),
  };
}

/** A global-shortcut registrar in memory; accelerators in `taken` behave as held by another app. */
export interface MemoryRegistrar extends ShortcutRegistrar {
  readonly registered: Map<string, () => void>;
  taken: Set<string>;
}

export function createMemoryRegistrar(taken: Iterable<string> = []): MemoryRegistrar {
  const registered = new Map<string, () => void>();
  const registrar: MemoryRegistrar = {
    registered,
    taken: new Set(taken),
    register(accelerator, callback) {
      if (registrar.taken.has(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister(accelerator) {
      registered.delete(accelerator);
    },
  };
  return registrar;
}
