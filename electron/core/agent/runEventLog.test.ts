import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { RunEventLog } from './runEventLog';

const start: AgentEvent = { type: 'run-start', runId: 'r', conversationId: 'c', model: { spec: 'test', provider: 'test', modelId: 'test' }, prompt: 'p', startedAt: 0 };

describe('RunEventLog', () => {
  it('merges consecutive deltas of one stream and keeps everything else', () => {
    const log = new RunEventLog();
    const events: AgentEvent[] = [
      start,
      { type: 'text-delta', runId: 'r', delta: 'a' },
      { type: 'text-delta', runId: 'r', delta: 'b' },
      { type: 'reasoning-delta', runId: 'r', delta: 'x' },
      { type: 'tool-call-start', runId: 'r', callId: 'k', name: 'read_file' },
      { type: 'tool-call-args-delta', runId: 'r', callId: 'k', delta: '{"pa' },
      { type: 'tool-call-args-delta', runId: 'r', callId: 'k', delta: 'th":1}' },
      { type: 'tool-call-args-delta', runId: 'r', callId: 'j', delta: '{}' },
    ];
    for (const e of events) log.push(e);
    expect(log.snapshot()).toEqual([
      start,
      { type: 'text-delta', runId: 'r', delta: 'ab' },
      { type: 'reasoning-delta', runId: 'r', delta: 'x' },
      { type: 'tool-call-start', runId: 'r', callId: 'k', name: 'read_file' },
      { type: 'tool-call-args-delta', runId: 'r', callId: 'k', delta: '{"path":1}' },
      { type: 'tool-call-args-delta', runId: 'r', callId: 'j', delta: '{}' },
    ]);
  });

  it('is bounded, keeping run-start and the newest events', () => {
    const log = new RunEventLog(3);
    log.push(start);
    for (let turn = 1; turn <= 5; turn++) log.push({ type: 'turn-start', runId: 'r', turn });
    expect(log.snapshot().map((e) => (e.type === 'turn-start' ? e.turn : e.type))).toEqual(['run-start', 4, 5]);
  });

  it('hands out copies that later pushes do not change', () => {
    const log = new RunEventLog();
    log.push({ type: 'text-delta', runId: 'r', delta: 'a' });
    const before = log.snapshot();
    log.push({ type: 'text-delta', runId: 'r', delta: 'b' });
    expect(before).toEqual([{ type: 'text-delta', runId: 'r', delta: 'a' }]);
  });
});
