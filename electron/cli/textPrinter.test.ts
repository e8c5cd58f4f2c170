import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createTextPrinter } from './textPrinter';
import { bufferOutput } from './testIo';

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
});
