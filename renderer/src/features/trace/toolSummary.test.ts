import { describe, expect, it } from 'vitest';
import { foldText, formatDuration, prettyArgs, shortArgs, statusLabel, toolLabel } from './toolSummary';

describe('shortArgs', () => {
  const s = (name: string, args: unknown, argsText = JSON.stringify(args) ?? '') => shortArgs({ name, args, argsText });

  it('shows what matters for each tool', () => {
    expect(s('read_file', { path: 'src/app.ts' })).toBe('src/app.ts');
    expect(s('read_file', { path: 'a.ts', offset: 40 })).toBe('a.ts (from line 40)');
    expect(s('write_file', { path: 'notes.txt', content: 'long' })).toBe('notes.txt');
    expect(s('list_files', {})).toBe('.');
    expect(s('list_files', { path: 'src', glob: '*.ts' })).toBe('src  *.ts');
    expect(s('search_files', { pattern: 'TODO', path: 'src' })).toBe('/TODO/  in src');
    expect(s('run_command', { command: 'npm', args: ['test', '--', 'a b'] })).toBe("npm test -- 'a b'");
    expect(s('run_command', { command: 'npm test' })).toBe('npm test');
    expect(s('mystery', { a: 1, b: 'two', c: { deep: true } })).toBe('a: 1, b: two');
  });

  it('falls back to the raw text when the arguments are not JSON, and clips long lines', () => {
    expect(s('read_file', undefined, '{"path": "a\n')).toBe('{"path": "a');
    const long = s('read_file', { path: 'x'.repeat(300) });
    expect(long.length).toBeLessThanOrEqual(96);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('labels and durations', () => {
  it('names tools and statuses for people', () => {
    expect(toolLabel('run_command')).toBe('Run');
    expect(toolLabel('some_new_tool')).toBe('some new tool');
    expect(statusLabel('waiting-permission')).toBe('Waiting for permission');
  });

  it('formats durations at a sensible precision', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(2_345)).toBe('2.3 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(65_000)).toBe('1 m 05 s');
    expect(formatDuration(-1)).toBe('');
  });
});

describe('prettyArgs and foldText', () => {
  it('pretty-prints parsed or raw JSON and keeps anything else as sent', () => {
    expect(prettyArgs({ args: { a: 1 }, argsText: '' })).toBe('{\n  "a": 1\n}');
    expect(prettyArgs({ args: undefined, argsText: '{"b":2}' })).toBe('{\n  "b": 2\n}');
    expect(prettyArgs({ args: undefined, argsText: '{oops' })).toBe('{oops');
  });

  it('folds long text and says how much is hidden', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const folded = foldText(text, 20);
    expect(folded.folded).toBe(true);
    expect(folded.shown.split('\n')).toHaveLength(20);
    expect(folded.hiddenLines).toBe(30);
    expect(foldText('short')).toEqual({ shown: 'short', hiddenLines: 0, folded: false });
  });
});

describe('mcpOf', () => {
  it('names the server and the tool of an MCP call, from what the engine said or from the name while it streams', async () => {
    const { mcpOf } = await import('./toolSummary');
    expect(mcpOf({ name: 'my_server__echo', meta: { mcp: { server: 'my server', tool: 'echo' } } })).toEqual({ server: 'my server', tool: 'echo' });
    expect(mcpOf({ name: 'gh__get_issue' })).toEqual({ server: 'gh', tool: 'get_issue' });
    expect(mcpOf({ name: 'read_file' })).toBeUndefined();
  });
});
