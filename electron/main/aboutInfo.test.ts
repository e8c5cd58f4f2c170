import { describe, expect, it } from 'vitest';
import { ABOUT_BUTTONS, aboutChoice, aboutText } from './aboutInfo';

const facts = {
  name: 'Punie',
  version: '0.1.0',
  electron: '45.5.0',
  chrome: '142.0.7444.59',
  node: '22.20.0',
  platform: 'linux',
  arch: 'x64',
  osRelease: '6.8.0',
  dataDir: '/home/ada/.config/Punie',
  logsDir: '/home/ada/.config/Punie/logs',
  updates: 'Updates: off (a local build has no update feed)',
};

describe('About Punie', () => {
  it('gives the version, Electron, Chromium and Node versions, the OS, the folders and the update state', () => {
    const t = aboutText(facts);
    expect(t.message).toBe('Punie 0.1.0');
    expect(t.detail.split('\n')).toEqual([
      'Electron 45.5.0',
      'Chromium 142.0.7444.59',
      'Node 22.20.0',
      'Linux 6.8.0 (x64)',
      '',
      'Data: /home/ada/.config/Punie',
      'Logs: /home/ada/.config/Punie/logs',
      '',
      'Updates: off (a local build has no update feed)',
    ]);
  });

  it('copies the same facts as plain lines for a bug report', () => {
    expect(aboutText({ ...facts, platform: 'darwin', arch: 'arm64', osRelease: '24.1.0' }).report).toBe(
      [
        'Punie 0.1.0',
        'Electron 45.5.0',
        'Chromium 142.0.7444.59',
        'Node 22.20.0',
        'macOS 24.1.0 (arm64)',
        'Data: /home/ada/.config/Punie',
        'Logs: /home/ada/.config/Punie/logs',
        'Updates: off (a local build has no update feed)',
      ].join('\n'),
    );
  });

  it('maps each button to its action, OK for anything else', () => {
    expect(ABOUT_BUTTONS.map((_, i) => aboutChoice(i))).toEqual(['ok', 'copy', 'open-data', 'open-logs']);
    expect(aboutChoice(7)).toBe('ok');
  });
});
