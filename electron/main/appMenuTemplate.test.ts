import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from './appMenuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('app menu', () => {
  it('has the usual shortcuts and Punie’s own actions', () => {
    const onAction = vi.fn();
    const items = flatten(appMenuTemplate({ platform: 'linux', isDev: false, onAction }));
    const byLabel = (label: string) => items.find((i) => i.label === label);
    expect(byLabel('New Conversation')?.accelerator).toBe('CommandOrControl+N');
    expect(byLabel('Settings')?.accelerator).toBe('CommandOrControl+,');
    byLabel('New Conversation')?.click?.({} as never, undefined, {} as never);
    byLabel('Quick Ask')?.click?.({} as never, undefined, {} as never);
    expect(onAction.mock.calls).toEqual([['new-conversation'], ['quick-ask']]);
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'quit', 'zoomIn', 'togglefullscreen']));
    expect(roles).not.toContain('toggleDevTools');
  });

  it('puts Settings and Quit in the app menu on macOS, and developer tools only in development', () => {
    const [appMenu] = appMenuTemplate({ platform: 'darwin', isDev: true, onAction: () => {} });
    expect(appMenu?.label).toBe('Punie');
    const items = flatten(appMenuTemplate({ platform: 'darwin', isDev: true, onAction: () => {} }));
    expect(items.find((i) => i.label === 'Settings…')).toBeDefined();
    expect(items.map((i) => i.role)).toEqual(expect.arrayContaining(['quit', 'close', 'toggleDevTools', 'reload']));
    // About is Punie's own box on every OS (versions, folders, Copy), not the bare macOS panel.
    expect(items.filter((i) => i.label === 'About Punie')).toHaveLength(1);
    expect(items.map((i) => i.role)).not.toContain('about');
  });

  it('has a Help menu on every OS: About, the logs folder, the punie command, and updates', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const onAction = vi.fn();
      const menus = appMenuTemplate({
        platform,
        isDev: false,
        onAction,
        updates: { check: { label: 'Check for Updates…', enabled: true }, restart: { label: 'Restart to Update to 0.2.0', enabled: false } },
      });
      const help = menus.at(-1)!;
      expect(help.label).toBe('Help');
      const items = flatten([help]).filter((i) => i.label && i !== help);
      const labels = items.map((i) => i.label);
      expect(labels).toEqual(
        expect.arrayContaining(['Open Logs Folder', 'Install `punie` Command', 'Uninstall `punie` Command', 'Check for Updates…', 'Restart to Update to 0.2.0']),
      );
      expect(items.find((i) => i.label === 'Restart to Update to 0.2.0')?.enabled).toBe(false);
      for (const item of items) item.click?.({} as never, undefined, {} as never);
      const all = flatten(menus);
      all.find((i) => i.label === 'About Punie')?.click?.({} as never, undefined, {} as never);
      expect(onAction.mock.calls.map(([a]) => a)).toEqual(
        expect.arrayContaining(['about', 'open-logs', 'install-cli', 'uninstall-cli', 'check-updates', 'restart-to-update']),
      );
    }
  });
});
