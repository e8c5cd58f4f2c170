import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createPalette } from './terminalStyle';
import { createTracer, formatDuration, formatTraceLine, shortArgs } from './traceLine';

const result = (name: string, content: string, meta = {}, durationMs = 3): AgentEvent & { type: 'tool-result' } => ({
  type: 'tool-result',
  runId: 'r',
  callId: 'c',
  name,
  content,
  meta,
  durationMs,
});

describe('trace line', () => {
  it('shows a finished read', () => {
    expect(formatTraceLine({ name: 'read_file', args: { path: 'notes.txt' } }, result('read_file', 'x', { lines: 2 }))).toBe('✓ read_file notes.txt → 2 lines (3 ms)');
  });

  it('shows a denial and an error', () => {
    const denied: AgentEvent & { type: 'tool-error' } = {
      type: 'tool-error',
      runId: 'r',
      callId: 'c',
      name: 'write_file',
      error: { code: 'permission-denied', message: 'Permission denied: Create notes.txt.' },
      content: 'Permission denied by the user.',
      denied: true,
      durationMs: 0,
    };
    expect(formatTraceLine({ name: 'write_file', args: { path: 'notes.txt', content: 'x' } }, denied)).toBe('✗ write_file notes.txt → denied by the user (0 ms)');
    const missing = { ...denied, denied: undefined, name: 'read_file', error: { code: 'not-found' as const, message: 'nope.txt does not exist.\nUse list_files.' }, durationMs: 1500 };
    expect(formatTraceLine({ name: 'read_file', args: { path: 'nope.txt' } }, missing)).toBe('✗ read_file nope.txt → not-found: nope.txt does not exist. Use list_files. (1.5 s)');
  });

  it('summarises each tool in short', () => {
    expect(shortArgs('run_command', { command: 'git', args: ['commit', '-m', 'a message'], cwd: 'app' })).toBe("git commit -m 'a message' (in app)");
    expect(shortArgs('search_files', { pattern: 'TODO', path: 'src', glob: '*.ts' })).toBe('/TODO/ in src *.ts');
    expect(shortArgs('list_files', {})).toBe('.');
    expect(shortArgs('read_file', { path: 'a.ts', offset: 40 })).toBe('a.ts:40');
    expect(shortArgs('read_file', undefined, '{"path": "a.ts"')).toBe('{"path": "a.ts"');
    expect(shortArgs('run_command', { command: 'x'.repeat(200) })).toHaveLength(80);
    expect(formatTraceLine({ name: 'run_command', args: { command: 'npm test' } }, result('run_command', '$ npm test', { exitCode: 1 }))).toBe(
      '✓ run_command npm test → exit 1 (3 ms)',
    );
    expect(formatTraceLine({ name: 'edit_file', args: { path: 'a' } }, result('edit_file', 'Edited', { diff: '--- a/a\n+++ b/a\n@@\n-x\n+y\n+z\n' }))).toBe(
      '✓ edit_file a → edited (+2 -1) (3 ms)',
    );
  });

  it('says what a command started and could not stop, after the outcome (issue 11, item 6)', () => {
    const note = '1 process it started could not be stopped and may still be running (pid 4242).';
    expect(formatTraceLine({ name: 'run_command', args: { command: 'make' } }, result('run_command', '$ make', { exitCode: 0, notStopped: { pids: [4242, 4243], note } }))).toBe(
      '✓ run_command make → exit 0; not stopped: pid 4242, 4243 (3 ms)',
    );
    const stopped: AgentEvent & { type: 'tool-error' } = {
      type: 'tool-error',
      runId: 'r',
      callId: 'c',
      name: 'run_command',
      error: { code: 'aborted', message: 'Stopped by the user; the command was killed.' },
      content: '$ make',
      meta: { exitCode: null, signal: 'SIGTERM', notStopped: { pids: [], note: 'On this system Punie can stop only the command’s process group.' } },
      durationMs: 3,
    };
    expect(formatTraceLine({ name: 'run_command', args: { command: 'make' } }, stopped)).toBe(
      '✗ run_command make → aborted: Stopped by the user; the command was killed; not stopped: processes that left its group may still run (3 ms)',
    );
  });

  it('colours the mark when asked', () => {
    expect(formatTraceLine({ name: 'list_files', args: {} }, result('list_files', 'a', { files: 1 }), { palette: createPalette(true) })).toContain('\u001b[32m✓\u001b[0m');
  });

  it('pairs each call with its outcome from the event stream', () => {
    const tracer = createTracer();
    const lines = (
      [
        { type: 'tool-call-start', runId: 'r', callId: 'k', name: 'list_files' },
        { type: 'tool-call-ready', runId: 'r', callId: 'k', name: 'list_files', args: { path: 'src' }, argsText: '{"path":"src"}' },
        { type: 'tool-result', runId: 'r', callId: 'k', name: 'list_files', content: 'src/a', meta: { files: 1 }, durationMs: 2 },
        { type: 'text-delta', runId: 'r', delta: 'ok' },
      ] satisfies AgentEvent[]
    ).map((e) => tracer.onEvent(e));
    expect(lines).toEqual([undefined, undefined, '✓ list_files src → 1 file (2 ms)', undefined]);
  });

  it('formats durations', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(61_000)).toBe('61.0 s');
  });

  it('shows escape sequences from paths, command output and errors instead of sending them', () => {
    const line = formatTraceLine(
      { name: 'read_file', args: { path: 'a\u001b[2J.txt' } },
      { runId: 'r', type: 'tool-error', callId: 'c', name: 'read_file', error: { code: 'not-found', message: '\u001b]0;x\u0007gone' }, content: '', durationMs: 1 },
    );
    expect(line).toBe('✗ read_file a␛[2J.txt → not-found: ␛]0;x␇gone (1 ms)');
  });
});
