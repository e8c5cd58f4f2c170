import { describe, expect, it } from 'vitest';
import { agentEntry, configPath } from './editorConfig';

describe('where editors keep their agents', () => {
  it('Zed: ~/.config/zed on Linux (XDG honoured) and macOS, %APPDATA%\\Zed on Windows', () => {
    expect(configPath('zed', { platform: 'linux', home: '/home/u', env: {} })).toBe('/home/u/.config/zed/settings.json');
    expect(configPath('zed', { platform: 'linux', home: '/home/u', env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/cfg/zed/settings.json');
    expect(configPath('zed', { platform: 'darwin', home: '/Users/u', env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/Users/u/.config/zed/settings.json');
    expect(configPath('zed', { platform: 'win32', home: 'C:\\Users\\u', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' } })).toBe('C:\\Users\\u\\AppData\\Roaming\\Zed\\settings.json');
  });

  it('JetBrains: ~/.jetbrains/acp.json everywhere', () => {
    expect(configPath('jetbrains', { platform: 'darwin', home: '/Users/u', env: {} })).toBe('/Users/u/.jetbrains/acp.json');
    expect(configPath('jetbrains', { platform: 'win32', home: 'C:\\Users\\u', env: {} })).toBe('C:\\Users\\u\\.jetbrains\\acp.json');
  });

  it('Zed’s entry is a custom agent; JetBrains’ the plain command', () => {
    const launch = { command: '/bin/punie', args: ['acp'] };
    expect(agentEntry('zed', launch)).toEqual({ type: 'custom', command: '/bin/punie', args: ['acp'], env: {} });
    expect(agentEntry('jetbrains', { ...launch, env: { A: '1' } })).toEqual({ command: '/bin/punie', args: ['acp'], env: { A: '1' } });
  });
});
