import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings';
import { wideningsOf } from './settingsReview';

const current = { ...defaultSettings(), endpoints: ['http://127.0.0.1:1234/v1'], passEnv: ['NPM_TOKEN'] };

describe('what a settings change widens', () => {
  it('a tool allowed without asking, a new server, a new variable for commands', () => {
    expect(
      wideningsOf(current, {
        permissionRules: { write_file: 'ask', edit_file: 'allow', run_command: 'allow' },
        endpoints: ['http://127.0.0.1:1234/v1/', 'https://evil.example/v1'],
        passEnv: ['npm_token', 'GITHUB_TOKEN'],
      }),
    ).toEqual(['Edit files without asking', 'Run commands without asking', 'Send conversations to a new server: https://evil.example/v1', 'Give commands the variable GITHUB_TOKEN']);
  });

  it('reading secret locations without asking is a widening too', () => {
    expect(wideningsOf(current, { permissionRules: { ...current.permissionRules, read_file: 'allow' } })).toEqual([
      'Read files that may hold secrets (.env, keys, .ssh) without asking',
    ]);
  });

  it('nothing for tightening, reordering, or other settings', () => {
    const allowed = { ...current, permissionRules: { write_file: 'allow' as const, edit_file: 'allow' as const, run_command: 'allow' as const, read_file: 'ask' as const } };
    expect(wideningsOf(allowed, { permissionRules: { write_file: 'ask', edit_file: 'allow', run_command: 'allow' } })).toEqual([]);
    expect(wideningsOf(current, { endpoints: [] })).toEqual([]);
    expect(wideningsOf({ ...current, endpoints: ['http://a/v1', 'http://b/v1'] }, { endpoints: ['http://b/v1', 'http://A/v1'] })).toEqual([]);
    expect(wideningsOf(current, { passEnv: [] })).toEqual([]);
    expect(wideningsOf(current, { theme: 'dark', maxTurns: 10 })).toEqual([]);
  });
});
