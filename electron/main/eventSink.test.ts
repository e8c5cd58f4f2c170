import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agentEvents';
import { createEventSink, SINK_INTERVAL_MS } from './eventSink';

const text = (delta: string, runId = 'r1'): AgentEvent => ({ type: 'text-delta', runId, delta });
const reasoning = (delta: string): AgentEvent => ({ type: 'reasoning-delta', runId: 'r1', delta });
const args = (callId: string, delta: string): AgentEvent => ({ type: 'tool-call-args-delta', runId: 'r1', callId, delta });
const turn = (n: number): AgentEvent => ({ type: 'turn-start', runId: 'r1', turn: n });

describe('event sink', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first delta of a burst at once and coalesces what follows into one event per window', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('Hel'));
    expect(sent).toEqual([[text('Hel')]]);
    sink.push(text('lo'));
    sink.push(text(' world'));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(SINK_INTERVAL_MS - 1);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[text('Hel')], [text('lo world')]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends the first delta of the next burst at once too, after a pause', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('a'));
    vi.advanceTimersByTime(500);
    sink.push(text('b'));
    expect(sent).toEqual([[text('a')], [text('b')]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a new run’s first delta at once, even right after the last run’s text', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    const start = (runId: string): AgentEvent => ({ type: 'run-start', runId, conversationId: 'c', model: { spec: 'test', provider: 'test', modelId: 'test' }, prompt: 'p', startedAt: 0 });
    sink.push(text('last words', 'r1'));
    vi.advanceTimersByTime(5);
    sink.push(start('r2'));
    sink.push(text('first', 'r2'));
    expect(sent).toEqual([[text('last words', 'r1')], [start('r2')], [text('first', 'r2')]]);
  });

  it('holds a delta that comes too soon after a flush until the window has passed', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('a'));
    vi.advanceTimersByTime(10);
    sink.push(text('b'));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(SINK_INTERVAL_MS - 11);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[text('a')], [text('b')]]);
  });

  it('never sends more than 60 flushes a second, whatever the token rate', () => {
    for (const perMs of [1, 5, 50]) {
      const flushedAt: number[] = [];
      const sink = createEventSink({ send: () => flushedAt.push(performance.now()) });
      const start = performance.now();
      // One second of deltas, `perMs` every millisecond, with the clock moving between them.
      for (let ms = 0; ms < 1_000; ms++) {
        for (let i = 0; i < perMs; i++) sink.push(text('x'));
        vi.advanceTimersByTime(1);
      }
      vi.advanceTimersByTime(100);
      sink.dispose();
      const inFirstSecond = flushedAt.filter((t) => t - start < 1_000);
      expect(inFirstSecond.length).toBeLessThanOrEqual(60);
      // Not starved either: the window is the only thing holding text back.
      expect(inFirstSecond.length).toBeGreaterThanOrEqual(50);
      const gaps = flushedAt.slice(1).map((t, i) => t - flushedAt[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / 60);
    }
  });

  it('waits out the window by its clock when its timer fires early', () => {
    let clock = 0;
    const timer: { pending?: () => void } = {};
    const fire = () => {
      const callback = timer.pending;
      timer.pending = undefined;
      callback?.();
    };
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({
      send: (e) => sent.push(e),
      now: () => clock,
      timers: {
        set: (callback) => (timer.pending = callback),
        clear: () => (timer.pending = undefined),
      },
    });
    sink.push(text('a'));
    sink.push(text('b'));
    clock = SINK_INTERVAL_MS - 2;
    fire();
    expect(sent).toHaveLength(1);
    expect(timer.pending).toBeDefined();
    clock = SINK_INTERVAL_MS;
    fire();
    expect(sent).toEqual([[text('a')], [text('b')]]);
  });

  it('never changes the events it was given when it merges them', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('a'));
    const b = text('b');
    const c = text('c');
    sink.push(b);
    sink.push(c);
    sink.push(text('d'));
    vi.advanceTimersByTime(SINK_INTERVAL_MS);
    expect(sent).toEqual([[text('a')], [text('bcd')]]);
    expect([b, c]).toEqual([text('b'), text('c')]);
  });

  it('keeps different streams apart and in order', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('first'));
    sink.push(reasoning('think'));
    sink.push(reasoning('ing'));
    sink.push(text('a'));
    sink.push(args('c1', '{"pa'));
    sink.push(args('c2', '{'));
    sink.push(args('c2', '}'));
    sink.push(text('b', 'r2'));
    vi.advanceTimersByTime(SINK_INTERVAL_MS);
    expect(sent).toEqual([[text('first')], [reasoning('thinking'), text('a'), args('c1', '{"pa'), args('c2', '{}'), text('b', 'r2')]]);
  });

  it('flushes at once, in order, on any other event', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e) });
    sink.push(text('sent'));
    sink.push(text('before'));
    sink.push(turn(2));
    expect(sent).toEqual([[text('sent')], [text('before'), turn(2)]]);
    expect(vi.getTimerCount()).toBe(0);
    sink.push(turn(3));
    expect(sent).toEqual([[text('sent')], [text('before'), turn(2)], [turn(3)]]);
  });

  it('flushes early when the buffered text reaches the size cap', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e), maxChars: 10 });
    sink.push(text('0'));
    sink.push(text('12345'));
    expect(sent).toEqual([[text('0')]]);
    sink.push(text('67890'));
    expect(sent).toEqual([[text('0')], [text('1234567890')]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flushes early when too many events are buffered', () => {
    const sent: AgentEvent[][] = [];
    const sink = createEventSink({ send: (e) => sent.push(e), maxEvents: 3 });
    sink.push(args('a', '0'));
    sink.push(args('a', '1'));
    sink.push(args('b', '1'));
    sink.push(args('c', '1'));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toHaveLength(3);
  });

  it('stops its timer and drops its buffer on dispose, and ignores later events', () => {
    const send = vi.fn();
    const sink = createEventSink({ send });
    sink.push(text('sent'));
    sink.push(text('lost'));
    expect(vi.getTimerCount()).toBe(1);
    send.mockClear();
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
