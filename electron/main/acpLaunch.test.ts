import { describe, expect, it } from 'vitest';
import { appAcpLaunch } from './acpLaunch';

describe('how an editor starts punie acp from the app', () => {
  it('the installed binary, as the CLI, with acp', () => {
    expect(appAcpLaunch({ execPath: '/Applications/Punie.app/Contents/MacOS/Punie', defaultApp: false, appPath: '/ignored' })).toEqual({
      command: '/Applications/Punie.app/Contents/MacOS/Punie',
      args: ['--punie-cli', 'acp'],
    });
  });

  it('in development, Electron with the app folder first', () => {
    expect(appAcpLaunch({ execPath: '/repo/node_modules/electron/dist/electron', defaultApp: true, appPath: '/repo' })).toEqual({
      command: '/repo/node_modules/electron/dist/electron',
      args: ['/repo', '--punie-cli', 'acp'],
    });
  });
});
