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

describe('RunEventLog, merging in place', () => {
  it('never changes the events it was given', () => {
    const log = new RunEventLog();
    const first: AgentEvent = { type: 'text-delta', runId: 'r', delta: 'a' };
    const second: AgentEvent = { type: 'text-delta', runId: 'r', delta: 'b' };
    log.push(first);
    log.push(second);
    log.push({ type: 'text-delta', runId: 'r', delta: 'c' });
    expect(first).toEqual({ type: 'text-delta', runId: 'r', delta: 'a' });
    expect(second).toEqual({ type: 'text-delta', runId: 'r', delta: 'b' });
    expect(log.snapshot()).toEqual([{ type: 'text-delta', runId: 'r', delta: 'abc' }]);
  });

  it('gives each snapshot the merged text as of then', () => {
    const log = new RunEventLog();
    log.push(start);
    const seen: string[] = [];
    for (const d of ['a', 'b', 'c', 'd']) {
      log.push({ type: 'text-delta', runId: 'r', delta: d });
      const last = log.snapshot().at(-1);
      seen.push(last?.type === 'text-delta' ? last.delta : '');
    }
    expect(seen).toEqual(['a', 'ab', 'abc', 'abcd']);
  });

  it('starts a new merged event after any other event', () => {
    const log = new RunEventLog();
    for (const d of ['a', 'b']) log.push({ type: 'text-delta', runId: 'r', delta: d });
    log.push({ type: 'turn-start', runId: 'r', turn: 2 });
    for (const d of ['c', 'd']) log.push({ type: 'text-delta', runId: 'r', delta: d });
    expect(log.snapshot().map((e) => (e.type === 'text-delta' ? e.delta : e.type))).toEqual(['ab', 'turn-start', 'cd']);
  });
});
