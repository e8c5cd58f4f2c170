import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './dataDir';

const home = '/home/ada';

describe('resolveDataDir', () => {
  it('uses $PUNIE_HOME over everything', () => {
    expect(resolveDataDir({ env: { PUNIE_HOME: '/data/punie' }, userData: '/electron/userData', home })).toBe('/data/punie');
  });

  it('uses Electron userData when main passes it', () => {
    expect(resolveDataDir({ env: {}, userData: '/electron/userData', platform: 'linux', home })).toBe('/electron/userData');
  });

  it('ignores a blank $PUNIE_HOME', () => {
    expect(resolveDataDir({ env: { PUNIE_HOME: '  ' }, platform: 'linux', home })).toBe(join(home, '.local', 'share', 'punie'));
  });

  it('macOS: ~/Library/Application Support/Punie', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home })).toBe(join(home, 'Library', 'Application Support', 'Punie'));
  });

  it('Windows: %APPDATA%/Punie, with a fallback when APPDATA is unset', () => {
    expect(resolveDataDir({ env: { APPDATA: '/c/Users/ada/AppData/Roaming' }, platform: 'win32', home })).toBe(
      join('/c/Users/ada/AppData/Roaming', 'Punie'),
    );
    expect(resolveDataDir({ env: {}, platform: 'win32', home })).toBe(join(home, 'AppData', 'Roaming', 'Punie'));
  });

  it('Linux: $XDG_DATA_HOME/punie when absolute, else ~/.local/share/punie', () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg/data' }, platform: 'linux', home })).toBe('/xdg/data/punie');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'relative/data' }, platform: 'linux', home })).toBe(join(home, '.local', 'share', 'punie'));
    expect(resolveDataDir({ env: {}, platform: 'freebsd', home })).toBe(join(home, '.local', 'share', 'punie'));
  });
});
