import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu with the usual shortcuts (type-only use of Electron:
 * this file runs in plain Node). Punie's own items carry actions; the
 * standard ones use Electron's roles. Reload and developer tools only appear
 * in development.
 */

export type AppMenuAction = 'new-conversation' | 'quick-ask' | 'settings';

export function appMenuTemplate(input: { platform: string; isDev: boolean; onAction: (action: AppMenuAction) => void }): MenuItemConstructorOptions[] {
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
            { role: 'about' },
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

  return [...appMenu, file, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}
