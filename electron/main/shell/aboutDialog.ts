import { clipboard, dialog, shell, type BrowserWindow } from 'electron';
import { ABOUT_BUTTONS, aboutChoice, aboutText, type AboutFacts } from '../aboutInfo';

/** Help → About Punie: a native box on every OS with the facts, Copy for a bug report, and the data and logs folders. */
export async function showAboutDialog(facts: AboutFacts, parent: BrowserWindow | undefined): Promise<void> {
  const text = aboutText(facts);
  const options = { type: 'info' as const, title: 'About Punie', message: text.message, detail: text.detail, buttons: [...ABOUT_BUTTONS], defaultId: 0, cancelId: 0, noLink: true };
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  switch (aboutChoice(response)) {
    case 'copy':
      clipboard.writeText(text.report);
      return;
    case 'open-data':
      await shell.openPath(facts.dataDir);
      return;
    case 'open-logs':
      await shell.openPath(facts.logsDir);
      return;
    case 'ok':
      return;
  }
}

/** A plain message box for the outcome of a Help action. */
export async function showOutcome(parent: BrowserWindow | undefined, outcome: { ok: boolean; title: string; message: string }): Promise<void> {
  const options = { type: outcome.ok ? ('info' as const) : ('warning' as const), title: 'Punie', message: outcome.title, detail: outcome.message, buttons: ['OK'], noLink: true };
  if (parent) await dialog.showMessageBox(parent, options);
  else await dialog.showMessageBox(options);
}
