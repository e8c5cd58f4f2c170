import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createJsonPrinter } from './jsonPrinter';
import { createPalette } from './terminalStyle';
import { createTextPrinter } from './textPrinter';
import { bufferOutput } from '../../test/support/cli/testIo';

const start: AgentEvent = { runId: 'r', type: 'run-start', conversationId: 'c', model: { spec: 'test', provider: 'test', modelId: 'test' }, prompt: 'p', startedAt: 0 };
const stats = { durationMs: 10, turns: 1 };

function print(events: AgentEvent[], tty = false) {
  const stdout = bufferOutput();
  const stderr = bufferOutput(tty);
  const p = createTextPrinter({ stdout, stderr });
  for (const e of events) p(e);
  return { stdout: stdout.text, stderr: stderr.text };
}

describe('text printer', () => {
  it('streams text to stdout, ends the line, and puts the stats on stderr', () => {
    const r = print([start, { runId: 'r', type: 'text-delta', delta: 'Hi' }, { runId: 'r', type: 'text-delta', delta: ' there' }, { runId: 'r', type: 'run-finish', finishReason: 'stop', text: 'Hi there', stats }]);
    expect(r.stdout).toBe('Hi there\n');
    expect(r.stderr).toMatch(/^test · first token/);
  });

  it('shows reasoning dimmed on a terminal only', () => {
    const events: AgentEvent[] = [start, { runId: 'r', type: 'reasoning-delta', delta: 'hmm' }, { runId: 'r', type: 'text-delta', delta: 'A\n' }, { runId: 'r', type: 'run-finish', finishReason: 'stop', text: 'A', stats }];
    expect(print(events, true).stderr).toMatch(/^\u001b\[2mhmm\u001b\[0m\n/);
    expect(print(events, false).stderr).not.toMatch(/hmm/);
    expect(print(events, false).stdout).toBe('A\n');
  });

  it('prints an error with its hint, and a stop', () => {
    const error = print([start, { runId: 'r', type: 'text-delta', delta: 'part' }, { runId: 'r', type: 'run-error', error: { code: 'stream-broken', message: 'Broke.', hint: 'Try again.' }, partialText: 'part' }]);
    expect(error).toEqual({ stdout: 'part\n', stderr: 'punie: Broke.\n  Try again.\n' });
    expect(print([start, { runId: 'r', type: 'run-abort', partialText: '' }]).stderr).toBe('punie: stopped.\n');
  });

  it('ends the answer line before a tool call and traces the call on stderr when it finishes', () => {
    const r = print([
      start,
      { runId: 'r', type: 'turn-start', turn: 1 },
      { runId: 'r', type: 'text-delta', delta: 'Let me look.' },
      { runId: 'r', type: 'tool-call-start', callId: 'c1', name: 'read_file' },
      { runId: 'r', type: 'tool-call-ready', callId: 'c1', name: 'read_file', args: { path: 'a.txt' }, argsText: '{"path":"a.txt"}' },
      { runId: 'r', type: 'tool-result', callId: 'c1', name: 'read_file', content: 'x', meta: { lines: 3 }, durationMs: 4 },
      { runId: 'r', type: 'turn-start', turn: 2 },
      { runId: 'r', type: 'text-delta', delta: 'It has 3 lines.' },
      { runId: 'r', type: 'run-finish', finishReason: 'stop', text: 'It has 3 lines.', stats },
    ]);
    expect(r.stdout).toBe('Let me look.\nIt has 3 lines.\n');
    expect(r.stderr.split('\n')[0]).toBe('✓ read_file a.txt → 3 lines (4 ms)');
  });

  it('ends the answer line before a permission prompt', () => {
    const r = print([
      start,
      { runId: 'r', type: 'text-delta', delta: 'Writing.' },
      { runId: 'r', type: 'permission-request', requestId: 'q', callId: 'c', tool: 'write_file', args: { path: 'a' }, summary: 'Create a' },
    ]);
    expect(r.stdout).toBe('Writing.\n');
  });
});

describe('json printer', () => {
  it('prints every event on stdout, and the trace and the error on stderr', () => {
    const stdout = bufferOutput();
    const stderr = bufferOutput();
    const p = createJsonPrinter({ stdout, stderr });
    const events: AgentEvent[] = [
      start,
      { runId: 'r', type: 'tool-call-ready', callId: 'c1', name: 'read_file', args: { path: 'a.txt' }, argsText: '{"path":"a.txt"}' },
      { runId: 'r', type: 'tool-error', callId: 'c1', name: 'read_file', error: { code: 'not-found', message: 'No a.txt.' }, content: 'No a.txt.', durationMs: 1 },
      { runId: 'r', type: 'run-error', error: { code: 'stream-broken', message: 'Broke.' }, partialText: '' },
    ];
    for (const e of events) p(e);
    expect(stdout.text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(events);
    expect(stderr.text).toBe('✗ read_file a.txt → not-found: No a.txt. (1 ms)\npunie: Broke.\n');
  });

  it('shows escape sequences in the answer, the reasoning, a server error and the model name instead of sending them to the terminal', () => {
    const evil = { ...start, model: { spec: 'local:', provider: 'local', modelId: 'm\u001b]0;pwned\u0007' } } as AgentEvent;
    const r = print(
      [
        evil,
        { runId: 'r', type: 'reasoning-delta', delta: 'think\u001b[2J' },
        { runId: 'r', type: 'text-delta', delta: 'copy \u001b]52;c;Y3VybA==\u0007 and \u001b[2' },
        { runId: 'r', type: 'text-delta', delta: 'J done\r' },
        { runId: 'r', type: 'run-finish', finishReason: 'stop', text: '', stats },
      ],
      true,
    );
    expect(r.stdout).toBe('copy ␛]52;c;Y3VybA==␇ and ␛[2J done␍\n');
    expect(r.stderr).toContain('think␛[2J');
    expect(r.stderr).toContain('m␛]0;pwned␇ · first token');
    expect(r.stderr.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
    const error = print([start, { runId: 'r', type: 'run-error', error: { code: 'server-error', message: 'boom\u001b[2J', hint: '\u001b[1Atry' }, partialText: '' }]);
    expect(error.stderr).toBe('punie: boom␛[2J\n  ␛[1Atry\n');
  });

  it('uses no colour codes at all when the palette is off (NO_COLOR)', () => {
    const stdout = bufferOutput();
    const stderr = bufferOutput(true);
    const p = createTextPrinter({ stdout, stderr }, { palette: createPalette(false) });
    for (const e of [start, { runId: 'r', type: 'reasoning-delta', delta: 'hmm' }, { runId: 'r', type: 'text-delta', delta: 'A\n' }] as AgentEvent[]) p(e);
    expect(stderr.text).toBe('hmm\n');
  });
});
