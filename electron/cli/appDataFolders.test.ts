import { describe, expect, it } from 'vitest';
import { appDataFolders, appSettingsFile } from './appDataFolders';

describe('appDataFolders', () => {
  it('Linux: the CLI data folder and the desktop app userData (config folder)', () => {
    expect(appDataFolders({ env: {}, platform: 'linux', home: '/home/ada' })).toEqual(['/home/ada/.local/share/punie', '/home/ada/.config/Punie']);
    expect(appDataFolders({ env: { XDG_DATA_HOME: '/d', XDG_CONFIG_HOME: '/c' }, platform: 'linux', home: '/home/ada' })).toEqual(['/d/punie', '/c/Punie']);
  });

  it('$PUNIE_HOME is denied too, besides the usual folders', () => {
    expect(appDataFolders({ env: { PUNIE_HOME: '/tmp/ph' }, platform: 'linux', home: '/home/ada' })).toEqual([
      '/tmp/ph',
      '/home/ada/.local/share/punie',
      '/home/ada/.config/Punie',
    ]);
  });

  it('macOS: the app and the CLI share one folder', () => {
    expect(appDataFolders({ env: {}, platform: 'darwin', home: '/Users/ada' })).toEqual(['/Users/ada/Library/Application Support/Punie']);
  });

  it("finds the app's settings file in its userData, or where PUNIE_USER_DATA_DIR points", () => {
    expect(appSettingsFile({ env: {}, platform: 'linux', home: '/home/ada' })).toBe('/home/ada/.config/Punie/settings.json');
    expect(appSettingsFile({ env: { PUNIE_USER_DATA_DIR: '/tmp/ud' }, platform: 'linux', home: '/home/ada' })).toBe('/tmp/ud/settings.json');
    expect(appSettingsFile({ env: {}, platform: 'darwin', home: '/Users/ada' })).toBe('/Users/ada/Library/Application Support/Punie/settings.json');
  });
});
