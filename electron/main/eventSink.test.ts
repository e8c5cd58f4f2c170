import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createEventSink } from './eventSink';

const text = (delta: string, runId = 'r1'): AgentEvent => ({ type: 'text-delta', runId, delta });
const reasoning = (delta: string): AgentEvent => ({ type: 'reasoning-delta', runId: 'r1', delta });
const args = (callId: string, delta: string): AgentEvent => ({ type: 'tool-call-args-delta', runId: 'r1', callId, delta });
const turn = (n: number): AgentEvent => ({ type: 'turn-start', runId: 'r1', turn: n });

describe('event sink', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces deltas of one stream into one event per 16 ms flush', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('Hel'));
    sink.push(text('lo'));
    sink.push(text(' world'));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(15);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[text('Hello world')]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps different streams apart and in order', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(reasoning('think'));
    sink.push(reasoning('ing'));
    sink.push(text('a'));
    sink.push(args('c1', '{"pa'));
    sink.push(args('c2', '{'));
    sink.push(args('c2', '}'));
    sink.push(text('b', 'r2'));
    vi.advanceTimersByTime(16);
    expect(sent).toEqual([[reasoning('thinking'), text('a'), args('c1', '{"pa'), args('c2', '{}'), text('b', 'r2')]]);
  });

  it('flushes at once, in order, on any other event', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('before'));
    sink.push(turn(2));
    expect(sent).toEqual([[text('before'), turn(2)]]);
    expect(vi.getTimerCount()).toBe(0);
    sink.push(turn(3));
    expect(sent).toEqual([[text('before'), turn(2)], [turn(3)]]);
  });

  it('flushes early when the buffered text reaches the size cap', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e), maxChars: 10 });
    sink.push(text('12345'));
    expect(sent).toEqual([]);
    sink.push(text('67890'));
    expect(sent).toEqual([[text('1234567890')]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flushes early when too many events are buffered', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e), maxEvents: 3 });
    sink.push(args('a', '1'));
    sink.push(args('b', '1'));
    sink.push(args('c', '1'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(3);
  });

  it('stops its timer and drops its buffer on dispose, and ignores later events', () => {
    const send = vi.fn();
    const sink = createEventSink({ send });
    sink.push(text('lost'));
    expect(vi.getTimerCount()).toBe(1);
    sink.dispose();
    expect(vi.getTimerCount()).toBe(0);
    sink.push(text('ignored'));
    sink.push(turn(2));
    vi.advanceTimersByTime(100);
    expect(send).not.toHaveBeenCalled();
    expect(sink.disposed).toBe(true);
  });

  it('disposes itself when sending fails (the window is gone)', () => {
    const onSendError = vi.fn();
    const send = vi.fn(() => {
      throw new Error('Object has been destroyed');
    });
    const sink = createEventSink({ send, onSendError });
    sink.push(turn(1));
    expect(onSendError).toHaveBeenCalledOnce();
    expect(sink.disposed).toBe(true);
    sink.push(turn(2));
    expect(send).toHaveBeenCalledOnce();
  });
});
