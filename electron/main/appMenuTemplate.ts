import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu with the usual shortcuts (type-only use of Electron:
 * this file runs in plain Node). Punie's own items carry actions; the
 * standard ones use Electron's roles. Reload and developer tools only appear
 * in development.
 */

export type AppMenuAction =
  | 'new-conversation'
  | 'quick-ask'
  | 'settings'
  | 'about'
  | 'open-logs'
  | 'install-cli'
  | 'uninstall-cli'
  | 'check-updates'
  | 'restart-to-update';

/** What the Help menu shows about updates (from the updater's state). */
export interface UpdateMenuState {
  /** "Check for Updates…", or why not ("Updates Are Off"). */
  check: { label: string; enabled: boolean };
  /** "Restart to Update to 1.2.0" once one is downloaded; disabled while a run is going. */
  restart?: { label: string; enabled: boolean };
}

export function appMenuTemplate(input: {
  platform: string;
  isDev: boolean;
  onAction: (action: AppMenuAction) => void;
  updates?: UpdateMenuState;
}): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const settingsItem: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CommandOrControl+,',
    click: () => input.onAction('settings'),
  };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Punie',
          submenu: [
            { label: 'About Punie', click: () => input.onAction('about') },
            { type: 'separator' },
            settingsItem,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Conversation', accelerator: 'CommandOrControl+N', click: () => input.onAction('new-conversation') },
      { label: 'Quick Ask', click: () => input.onAction('quick-ask') },
      ...(mac ? [] : [{ type: 'separator' as const }, settingsItem]),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(input.isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const updates = input.updates;
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: 'Help',
    submenu: [
      ...(mac ? [] : [{ label: 'About Punie', click: () => input.onAction('about') }, { type: 'separator' as const }]),
      { label: 'Open Logs Folder', click: () => input.onAction('open-logs') },
      { type: 'separator' },
      { label: 'Install `punie` Command', click: () => input.onAction('install-cli') },
      { label: 'Uninstall `punie` Command', click: () => input.onAction('uninstall-cli') },
      ...(updates
        ? [
            { type: 'separator' as const },
            { label: updates.check.label, enabled: updates.check.enabled, click: () => input.onAction('check-updates') },
            ...(updates.restart ? [{ label: updates.restart.label, enabled: updates.restart.enabled, click: () => input.onAction('restart-to-update') }] : []),
          ]
        : []),
    ],
  };

  return [...appMenu, file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
