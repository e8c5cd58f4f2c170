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
    expect(items.map((i) => i.role)).toEqual(expect.arrayContaining(['about', 'quit', 'close', 'toggleDevTools', 'reload']));
  });
});
