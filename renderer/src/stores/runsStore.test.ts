import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { answerText } from '../../../shared/runView';
import { flush, ingestEvents, MAX_RUNS, onUnknownRuns, reattach, resetRuns, STREAM_INTERVAL_MS, useRunsStore } from './runsStore';

const model = { spec: 'test', provider: 'test', modelId: 'test' } as const;
const start = (runId: string, startedAt = 1, conversationId = 'c'): AgentEvent => ({ type: 'run-start', runId, conversationId, model, prompt: 'p', startedAt });
const text = (runId: string, delta: string): AgentEvent => ({ type: 'text-delta', runId, delta });
const finish = (runId: string): AgentEvent => ({ type: 'run-finish', runId, finishReason: 'stop', text: '', stats: { durationMs: 1, turns: 1 } });

afterEach(() => resetRuns());

describe('runsStore', () => {
  it('applies queued batches together in one update', async () => {
    const updates = vi.fn();
    const off = useRunsStore.subscribe(updates);
    ingestEvents([start('r')]);
    ingestEvents([text('r', 'a')]);
    ingestEvents([text('r', 'b')]);
    expect(useRunsStore.getState().runs.r).toBeUndefined();
    await vi.waitFor(() => expect(useRunsStore.getState().runs.r).toBeDefined());
    expect(updates).toHaveBeenCalledTimes(1);
    expect(answerText(useRunsStore.getState().runs.r!)).toBe('ab');
    off();
  });

  it('applies a run’s first words at once, later words at most every STREAM_INTERVAL_MS, anything else at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    try {
      ingestEvents([start('r')]);
      vi.advanceTimersByTime(0);
      expect(useRunsStore.getState().runs.r).toBeDefined();
      ingestEvents([text('r', 'a')]);
      vi.advanceTimersByTime(0);
      expect(answerText(useRunsStore.getState().runs.r!)).toBe('a');
      ingestEvents([text('r', 'b')]);
      vi.advanceTimersByTime(STREAM_INTERVAL_MS / 3);
      expect(answerText(useRunsStore.getState().runs.r!)).toBe('a');
      vi.advanceTimersByTime(STREAM_INTERVAL_MS);
      expect(answerText(useRunsStore.getState().runs.r!)).toBe('ab');
      // Words then the run's end: the end does not wait, and takes the words with it.
      ingestEvents([text('r', 'c')]);
      ingestEvents([finish('r')]);
      vi.advanceTimersByTime(0);
      expect(answerText(useRunsStore.getState().runs.r!)).toBe('abc');
      expect(useRunsStore.getState().runs.r!.status).not.toBe('running');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports runs it has events for but never saw start', () => {
    const seen: string[][] = [];
    onUnknownRuns((ids) => seen.push(ids));
    ingestEvents([text('ghost', 'x')]);
    flush();
    expect(seen).toEqual([['ghost']]);
  });

  it('reattaches: rebuilds unknown runs from the snapshot and drops held events they already contain', async () => {
    ingestEvents([start('known'), text('known', 'k')]);
    flush();
    let release!: (v: Array<{ runId: string; events: AgentEvent[] }>) => void;
    const pending = reattach(() => new Promise((r) => (release = r)));
    // Arrives while the snapshot is on its way: already in the snapshot for 'mid', new for 'known'.
    ingestEvents([text('mid', 'B'), text('known', '2')]);
    release([
      { runId: 'mid', events: [start('mid'), text('mid', 'A'), text('mid', 'B')] },
      { runId: 'known', events: [start('known'), text('known', 'k'), text('known', '2')] },
    ]);
    expect(await pending).toEqual(['mid']);
    ingestEvents([text('mid', 'C')]);
    flush();
    const { runs } = useRunsStore.getState();
    expect(answerText(runs.mid!)).toBe('ABC');
    expect(answerText(runs.known!)).toBe('k2');
  });

  it('keeps held events when the snapshot fails', async () => {
    ingestEvents([start('r')]);
    flush();
    const pending = reattach(async () => {
      await Promise.resolve();
      throw new Error('no answer');
    });
    ingestEvents([text('r', 'x')]);
    await expect(pending).rejects.toThrow('no answer');
    expect(answerText(useRunsStore.getState().runs.r!)).toBe('x');
  });

  it('runs overlapping reattaches one after the other without losing live events', async () => {
    let releaseFirst!: (v: Array<{ runId: string; events: AgentEvent[] }>) => void;
    const first = reattach(() => new Promise((r) => (releaseFirst = r)));
    const second = reattach(async () => [{ runId: 'b', events: [start('b'), text('b', 'B')] }]);
    await Promise.resolve();
    ingestEvents([text('a', '2')]);
    releaseFirst([{ runId: 'a', events: [start('a'), text('a', '1')] }]);
    expect(await first).toEqual(['a']);
    expect(await second).toEqual(['b']);
    const { runs } = useRunsStore.getState();
    // The live '2' arrived while the snapshot holding '1' was on its way: it was already in that snapshot.
    expect(answerText(runs.a!)).toBe('1');
    expect(answerText(runs.b!)).toBe('B');
  });

  it('prunes the oldest finished runs past the cap, never running ones', () => {
    const events: AgentEvent[] = [start('running', 0)];
    for (let i = 1; i <= MAX_RUNS + 5; i++) events.push(start(`r${i}`, i), finish(`r${i}`));
    ingestEvents(events);
    flush();
    const { runs } = useRunsStore.getState();
    expect(Object.keys(runs)).toHaveLength(MAX_RUNS);
    expect(runs.running).toBeDefined();
    expect(runs.r1).toBeUndefined();
    expect(runs[`r${MAX_RUNS + 5}`]).toBeDefined();
  });
});
