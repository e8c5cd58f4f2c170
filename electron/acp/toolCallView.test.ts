import { describe, expect, it } from 'vitest';
import { markdownFence as fence } from '../../shared/text';
import { toolKind, toolLocations, toolTitle } from './toolCallView';

describe('tool calls as an editor shows them', () => {
  it('kinds: reads, searches, edits, commands; anything else is other', () => {
    expect(['read_file', 'list_files', 'search_files', 'write_file', 'edit_file', 'run_command', 'mcp_fetch'].map(toolKind)).toEqual([
      'read',
      'search',
      'search',
      'edit',
      'edit',
      'execute',
      'other',
    ]);
  });

  it('titles name the file, the pattern or the command line, on one short line', () => {
    expect(toolTitle('read_file', { path: 'a.ts' })).toBe('Read a.ts');
    expect(toolTitle('list_files', {})).toBe('List the workspace');
    expect(toolTitle('list_files', { path: 'src', glob: '*.ts' })).toBe('List src (*.ts)');
    expect(toolTitle('search_files', { pattern: 'TODO', path: 'src' })).toBe('Search for /TODO/ in src');
    expect(toolTitle('edit_file', { path: 'b.ts' })).toBe('Edit b.ts');
    expect(toolTitle('run_command', { command: 'git', args: ['commit', '-m', 'a message'] })).toBe("Run git commit -m 'a message'");
    expect(toolTitle('run_command', { command: 'echo\nhidden line' })).toBe('Run echo hidden line');
    expect(toolTitle('write_file', { path: 'x'.repeat(300) })).toHaveLength(120);
    expect(toolTitle('write_file', 'not an object')).toBe('Write a file');
    expect(toolTitle('some_tool', { a: 1 })).toBe('some tool');
    expect(toolTitle('github__create_issue', { a: 1 })).toBe('create issue (github)');
  });

  it('locations are absolute, joined to the workspace, with the line a read starts at', () => {
    expect(toolLocations('read_file', { path: 'src/a.ts', offset: 20 }, '/ws')).toEqual([{ path: '/ws/src/a.ts', line: 20 }]);
    expect(toolLocations('write_file', { path: '/ws/abs.txt' }, '/ws')).toEqual([{ path: '/ws/abs.txt' }]);
    expect(toolLocations('search_files', {}, '/ws')).toEqual([{ path: '/ws' }]);
    expect(toolLocations('run_command', { command: 'ls', cwd: 'sub' }, '/ws')).toEqual([{ path: '/ws/sub' }]);
    expect(toolLocations('run_command', { command: 'ls' }, '/ws')).toEqual([]);
  });

  it('a fence is longer than any backtick run inside, so file text cannot close it', () => {
    expect(fence('a ``` b')).toBe('````\na ``` b\n````');
    expect(fence('x\n', 'diff')).toBe('```diff\nx\n```');
  });
});
