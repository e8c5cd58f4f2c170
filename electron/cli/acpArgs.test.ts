import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAcpArgs } from './acpArgs';

const dir = mkdtempSync(join(tmpdir(), 'punie-acp-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('punie acp arguments', () => {
  it('the agent: model from the flag, $PUNIE_MODEL or local:; a workspace resolved and checked', () => {
    expect(parseAcpArgs([], {}, dir)).toEqual({ kind: 'agent', spec: 'local:', maxTurns: 50, history: true, mcp: true });
    expect(parseAcpArgs([], { PUNIE_MODEL: 'test' }, dir)).toMatchObject({ spec: 'test' });
    expect(parseAcpArgs(['-m', 'openai:gpt-4.1', '--workspace', '.', '--max-turns', '3', '--no-history', '--no-mcp'], {}, dir)).toEqual({
      kind: 'agent',
      spec: 'openai:gpt-4.1',
      workspace: dir,
      maxTurns: 3,
      history: false,
      mcp: false,
    });
    expect(parseAcpArgs(['--mcp-config', 'servers.json'], {}, dir)).toMatchObject({ mcp: true, mcpConfig: 'servers.json' });
    expect(() => parseAcpArgs(['--mcp-config', 'x.json', '--no-mcp'], {}, dir)).toThrow(/either --mcp-config FILE or --no-mcp/);
    expect(() => parseAcpArgs(['--workspace', 'missing'], {}, dir)).toThrow(/is not a folder/);
    expect(() => parseAcpArgs(['--model', 'local:ftp://x'], {}, dir)).toThrow(/Invalid model spec/);
    expect(() => parseAcpArgs(['--max-turns', '0'], {}, dir)).toThrow(/--max-turns takes a whole number/);
    expect(() => parseAcpArgs(['hello'], {}, dir)).toThrow(/takes no prompt/);
  });

  it('setup: the editor and --print, nothing else', () => {
    expect(parseAcpArgs(['setup', 'zed'], {}, dir)).toEqual({ kind: 'setup', editor: 'zed', print: false });
    expect(parseAcpArgs(['setup', 'jetbrains', '--print'], {}, dir)).toEqual({ kind: 'setup', editor: 'jetbrains', print: true });
    expect(() => parseAcpArgs(['setup'], {}, dir)).toThrow(/setup needs the editor/);
    expect(() => parseAcpArgs(['setup', 'vim'], {}, dir)).toThrow(/not "vim"/);
    expect(() => parseAcpArgs(['setup', 'zed', '--model', 'test'], {}, dir)).toThrow(/setup takes only --print/);
    expect(() => parseAcpArgs(['--print'], {}, dir)).toThrow(/--print goes with punie acp setup/);
    expect(parseAcpArgs(['setup', 'zed', '-h'], {}, dir)).toBe('help');
  });
});
