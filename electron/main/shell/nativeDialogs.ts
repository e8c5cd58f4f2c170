import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import { PunieError } from '../../core/errors';
import type { DialogsPort } from '../services';

/** The native folder picker, save dialog and confirmation, attached to the main window when it is open. */
export function createNativeDialogs(options: { parent(): BrowserWindow | undefined; documentsDir(): string }): DialogsPort {
  const parentOrNone = () => {
    const p = options.parent();
    return p && !p.isDestroyed() ? p : undefined;
  };
  return {
    async pickFolder({ title, defaultPath }, signal) {
      const dialogOptions: Electron.OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'], ...(defaultPath ? { defaultPath } : {}) };
      const parent = parentOrNone();
      const result = await (parent ? dialog.showOpenDialog(parent, dialogOptions) : dialog.showOpenDialog(dialogOptions));
      signal.throwIfAborted();
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveText({ title, defaultName, text }, signal) {
      const dialogOptions: Electron.SaveDialogOptions = {
        title,
        defaultPath: join(options.documentsDir(), defaultName),
        filters: [{ name: 'Markdown', extensions: ['md'] }],
      };
      const parent = parentOrNone();
      const result = await (parent ? dialog.showSaveDialog(parent, dialogOptions) : dialog.showSaveDialog(dialogOptions));
      signal.throwIfAborted();
      if (result.canceled || !result.filePath) return null;
      try {
        await writeFile(result.filePath, text, { encoding: 'utf8', signal });
      } catch (e) {
        if (signal.aborted) throw new PunieError('aborted', 'The export was cancelled.');
        throw new PunieError('internal', `Punie could not write ${result.filePath}.`, { hint: 'Choose a folder you can write to.', cause: e });
      }
      return result.filePath;
    },
    async confirm({ title, message, detail, confirmLabel }, signal) {
      const boxOptions: Electron.MessageBoxOptions = {
        type: 'warning',
        title,
        message,
        detail,
        buttons: [confirmLabel, 'Cancel'],
        // Enter and Esc both mean Cancel: only a deliberate click allows.
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const parent = parentOrNone();
      const result = await (parent ? dialog.showMessageBox(parent, boxOptions) : dialog.showMessageBox(boxOptions));
      signal.throwIfAborted();
      return result.response === 0;
    },
  };
}

