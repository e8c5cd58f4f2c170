import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../shared/agentEvents';
import { streamTurn } from './modelTurn';
import { RunStatsTracker } from './runStats';
import { createScriptedModel, type ScriptStep } from '../../../test/support/core/scriptedModel';

async function turn(steps: ScriptStep[]) {
  const events: AgentEvent[] = [];
  // The request takes 10 ms; then each event the turn emits takes 10 ms.
  let t = 0;
  const clock = () => t;
  const stats = new RunStatsTracker(0, clock);
  stats.startTurn();
  t = 10;
  const output = await streamTurn({
    runId: 'r',
    model: createScriptedModel([steps]),
    request: { messages: [] },
    signal: new AbortController().signal,
    emit: (e) => {
      events.push(e);
      t += 10;
    },
    stats,
  });
  stats.endTurn();
  return { events, output, stats: stats.snapshot() };
}

describe('streamTurn', () => {
  it('starts a call the server sent whole, with its arguments as one delta', async () => {
    const { events, output } = await turn([{ type: 'tool-call', call: { id: 'w', name: 'read_file', argsText: '{"path":"a"}' } }, { type: 'finish', reason: 'tool-calls' }]);
    expect(events.map((e) => e.type)).toEqual(['tool-call-start', 'tool-call-args-delta', 'tool-call-ready']);
    expect(output.toolCalls).toEqual([{ id: 'w', name: 'read_file', argsText: '{"path":"a"}' }]);
  });

  it('gives a call without an id, or with a repeated id, an id of its own', async () => {
    const { output, events } = await turn([
      { type: 'tool-call', call: { id: '', name: 'list_files', argsText: '' } },
      { type: 'tool-call', call: { id: 'same', name: 'list_files', argsText: '{}' } },
      { type: 'tool-call', call: { id: 'same', name: 'list_files', argsText: '{}' } },
    ]);
    const ids = output.toolCalls.map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toMatch(/^call_/);
    expect(events.filter((e) => e.type === 'tool-call-ready').map((e) => e.callId)).toEqual(ids);
    expect(events.find((e) => e.type === 'tool-call-ready')).toMatchObject({ args: {} });
    expect(output.finishReason).toBe('tool-calls');
  });

  it('passes text, reasoning and usage through and measures the turn', async () => {
    const { events, output, stats } = await turn([
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: '' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2 } },
      { type: 'finish', reason: 'length' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['reasoning-delta', 'text-delta', 'usage']);
    expect(output).toEqual({ text: 'Hi', reasoning: 'hmm', toolCalls: [], finishReason: 'length' });
    expect(stats).toMatchObject({ ttftMs: 10, turns: 1, inputTokens: 5, outputTokens: 2, tokensPerSecond: 66.7 }); // 2 tokens over the 30 ms from the first delta to the end of the turn
  });
});
