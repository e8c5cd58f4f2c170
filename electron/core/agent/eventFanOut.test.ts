import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { createEventFanOut } from './eventFanOut';

const delta = (text: string): AgentEvent => ({ type: 'text-delta', runId: 'r1', delta: text });

describe('event fan-out', () => {
  it('delivers every event to every listener in order; a listener that throws stops no one', () => {
    const fanOut = createEventFanOut();
    const seen: string[] = [];
    fanOut.subscribe(() => {
      throw new Error('broken listener');
    });
    fanOut.subscribe((e) => seen.push(e.type === 'text-delta' ? e.delta : e.type));
    fanOut.emit(delta('a'));
    fanOut.emit(delta('b'));
    expect(seen).toEqual(['a', 'b']);
  });

  it('a listener (un)subscribing during an event does not change who gets that event', () => {
    const fanOut = createEventFanOut();
    const seen: string[] = [];
    let late: (() => void) | undefined;
    const unsubscribeLast = { fn: (): void => undefined };
    fanOut.subscribe((e) => {
      seen.push(`first:${e.type === 'text-delta' ? e.delta : ''}`);
      late ??= fanOut.subscribe((e2) => seen.push(`late:${e2.type === 'text-delta' ? e2.delta : ''}`));
      unsubscribeLast.fn();
    });
    unsubscribeLast.fn = fanOut.subscribe((e) => seen.push(`last:${e.type === 'text-delta' ? e.delta : ''}`));
    fanOut.emit(delta('1'));
    fanOut.emit(delta('2'));
    expect(seen).toEqual(['first:1', 'last:1', 'first:2', 'late:2']);
    late?.();
  });
});
