import { describe, expect, it } from 'vitest';
import type { ScriptChunk } from '../e2e/fake-server/script';
import { scheduledChunks } from './rendererPacing';

/** Plays a script as the fake server does (a step's fields read when it is reached), on a fake clock that pauses advance by exactly what they ask plus `lateMs`. */
function play(chunks: ScriptChunk[], clock: { t: number }, lateMs: (i: number) => number): Array<{ text: string; at: number }> {
  const sent: Array<{ text: string; at: number }> = [];
  let pause = 0;
  for (const step of chunks) {
    if ('text' in step) sent.push({ text: step.text, at: clock.t });
    else if ('delayMs' in step) clock.t += step.delayMs + lateMs(pause++);
  }
  return sent;
}

describe('scheduled chunks', () => {
  it('streams every token, in order, with a pause after each', () => {
    const chunks = scheduledChunks(['a', 'b', 'c'], 2, () => 0);
    expect(chunks.filter((c) => 'text' in c)).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    expect(chunks.filter((c) => 'delayMs' in c)).toHaveLength(4);
  });

  it('keeps to the rate when every timer fires late: a late pause shortens the next one', () => {
    const clock = { t: 1_000 };
    const tokens = Array.from({ length: 1_000 }, (_, i) => `t${i}`);
    // Every pause overshoots by 0.7 ms, as timers do on a busy machine.
    const sent = play(scheduledChunks(tokens, 2, () => clock.t), clock, () => 0.7);
    expect(sent).toHaveLength(1_000);
    const span = (sent.at(-1)?.at ?? 0) - (sent[0]?.at ?? 0);
    // 999 intervals of 2 ms, give or take one overshoot; a fixed 2 ms pause would have taken 999 × 2.7 ms.
    expect(span).toBeGreaterThan(999 * 2 - 0.01);
    expect(span).toBeLessThan(999 * 2 + 1);
  });

  it('starts its schedule when the server reaches the first step, not when the script is built', () => {
    const clock = { t: 0 };
    const chunks = scheduledChunks(['a', 'b'], 10, () => clock.t);
    clock.t = 5_000;
    const sent = play(chunks, clock, () => 0);
    expect(sent).toEqual([
      { text: 'a', at: 5_000 },
      { text: 'b', at: 5_010 },
    ]);
  });
});
