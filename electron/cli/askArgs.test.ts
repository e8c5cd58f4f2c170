import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAskArgs } from './askArgs';

const cwd = mkdtempSync(join(tmpdir(), 'punie-askargs-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const parse = (argv: string[], env: Record<string, string> = {}) => parseAskArgs(argv, env, cwd);

describe('parseAskArgs', () => {
  it('defaults: local:, the current folder, 50 turns, history on, nothing approved', () => {
    expect(parse(['What', 'is', 'this?'])).toEqual({
      prompt: 'What is this?',
      spec: { text: 'local:', spec: { provider: 'local' } },
      workspace: cwd,
      json: false,
      maxTurns: 50,
      yes: false,
      allow: [],
      allowMcp: [],
      mcp: true,
      history: true,
      continueLatest: false,
      sampling: {},
    });
    expect(parse(['hi'], { PUNIE_MODEL: 'test' })).toMatchObject({ spec: { text: 'test', spec: { provider: 'test', model: 'test' } } });
  });

  it('--allow read_file lets reads of secret files (.env, keys, .ssh) run without asking', () => {
    expect(parse(['hi', '--allow', 'read_file'])).toMatchObject({ allow: ['read_file'], allowMcp: [] });
  });

  it('reads the MCP flags; --allow takes MCP servers and tools beside the gated tools', () => {
    expect(parse(['hi', '--allow', 'write_file,everything,github__create_issue', '--mcp-config', 'team-mcp.json'])).toMatchObject({
      allow: ['write_file'],
      allowMcp: ['everything', 'github__create_issue'],
      mcpConfig: 'team-mcp.json',
      mcp: true,
    });
    expect(parse(['hi', '--no-mcp'])).toMatchObject({ mcp: false, allowMcp: [] });
    expect(() => parse(['hi', '--no-mcp', '--mcp-config', 'x.json'])).toThrow('use either --mcp-config FILE or --no-mcp, not both');
    expect(() => parse(['hi', '--no-mcp', '--allow', 'everything'])).toThrow('with --no-mcp no MCP server runs');
  });

  it('reads every flag', () => {
    expect(parse(['hi', '-m', 'openai:gpt-4.1', '-w', '.', '--json', '--max-turns', '3', '-y', '--allow', 'edit_file, run_command', '-c'])).toMatchObject({
      spec: { text: 'openai:gpt-4.1', spec: { provider: 'openai', model: 'gpt-4.1' } },
      workspace: cwd,
      json: true,
      maxTurns: 3,
      yes: true,
      allow: ['edit_file', 'run_command'],
      continueLatest: true,
    });
    expect(parse(['hi', '--conversation', 'abc-1'])).toMatchObject({ conversationId: 'abc-1', continueLatest: false });
    expect(parse(['hi', '--no-history'])).toMatchObject({ history: false });
    expect(parse(['--help'])).toBe('help');
  });

  it('reads the sampling flags into a preset that goes over the model presets', () => {
    expect(parse(['hi', '--temperature', '0.2', '--top-p', '0.9', '--max-tokens', '512'])).toMatchObject({ sampling: { temperature: 0.2, topP: 0.9, maxOutputTokens: 512 } });
    expect(parse(['hi', '--temperature=0'])).toMatchObject({ sampling: { temperature: 0 } });
  });

  it.each([
    [[], /needs a prompt/],
    [['hi', '--max-turns', '501'], /--max-turns takes a whole number from 1 to 500/],
    [['hi', '--max-turns', '2.5'], /--max-turns/],
    [['hi', '--allow', 'list_files'], /--allow does not know list_files/],
    [['hi', '--continue', '--conversation', 'x'], /either --continue or --conversation/],
    [['hi', '--no-history', '--continue'], /--no-history cannot continue/],
    [['hi', '--no-history', '--conversation', 'x'], /--no-history cannot continue/],
    [['hi', '--conversation', ' '], /--conversation needs an id/],
    [['hi', '--workspace', 'missing'], /is not a folder/],
    [['hi', '--frobnicate'], /Unknown option/],
    [['hi', '--temperature', 'hot'], /--temperature takes a number from 0 to 5, not "hot"/],
    [['hi', '--temperature', '9'], /--temperature takes a number from 0 to 5/],
    [['hi', '--top-p', '0'], /--top-p takes a number above 0, up to 1/],
    [['hi', '--max-tokens', '1.5'], /--max-tokens takes a whole number from 1 up/],
    [['hi', '--max-tokens', ''], /--max-tokens takes a whole number/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrowError(expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(message), hint: 'Run `punie ask --help` for usage.' }));
  });

  it('an empty --model is a usage error (exit 2), not the default model', () => {
    for (const value of ['', '   ']) {
      for (const flag of ['--model', '-m']) {
        expect(() => parse(['hi', flag, value]), `${flag} "${value}"`).toThrowError(expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/--model needs a spec/) }));
      }
    }
    expect(() => parse(['hi', '--model='])).toThrowError(expect.objectContaining({ code: 'invalid-input' }));
  });

  it('an invalid model spec is invalid-spec', () => {
    expect(() => parse(['hi', '--model', 'local:ftp://x'])).toThrowError(expect.objectContaining({ code: 'invalid-spec' }));
  });
});
