import { describe, expect, it } from 'vitest';
import { serverEnv } from './serverEnv';

describe('serverEnv', () => {
  const base = { PATH: '/usr/bin:/opt/homebrew/bin', HOME: '/Users/me', OPENAI_API_KEY: 'sk-1', GITHUB_TOKEN: 'ghp_x', SHELL: '/bin/zsh', LANG: 'en_US.UTF-8' };

  it('gives PATH, HOME and the entry\'s own variables, nothing else of Punie\'s', () => {
    expect(serverEnv({ GITHUB_TOKEN: 'from-mcp-json' }, base, 'darwin')).toEqual({ PATH: '/usr/bin:/opt/homebrew/bin', HOME: '/Users/me', GITHUB_TOKEN: 'from-mcp-json' });
    expect(serverEnv({}, base, 'linux')).toEqual({ PATH: '/usr/bin:/opt/homebrew/bin', HOME: '/Users/me' });
  });

  it('lets the entry set PATH, and on Windows matches names without regard to case', () => {
    expect(serverEnv({ PATH: '/only/here' }, base, 'linux').PATH).toBe('/only/here');
    const windows = serverEnv({ Path: 'C:\\tools' }, { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\me', OPENAI_API_KEY: 'sk' }, 'win32');
    expect(windows).toEqual({ SYSTEMROOT: 'C:\\Windows', USERPROFILE: 'C:\\Users\\me', Path: 'C:\\tools' });
  });

  it('drops exported shell functions', () => {
    expect(serverEnv({}, { PATH: '() { :; }; echo pwned', HOME: '/h' }, 'linux')).toEqual({ HOME: '/h' });
  });
});
