import type { ScriptChunk } from '../e2e/fake-server/script';

/**
 * A fake server script that streams tokens on a schedule: token i is due at
 * start + i × intervalMs, and the pause after each token lasts until the next
 * one is due, computed when the server reaches it (a getter on the pause
 * step; the fake server reads a step's fields as it plays it). A timer that
 * fires late shortens the next pause instead of slowing the whole stream, so
 * the average rate holds on a busy machine where a fixed pause per token
 * would not. The schedule starts when the server reaches the first step, so
 * each request gets its own.
 */
export function scheduledChunks(texts: readonly string[], intervalMs: number, now: () => number = () => performance.now()): ScriptChunk[] {
  let startedAt = 0;
  const chunks: ScriptChunk[] = [
    {
      get delayMs() {
        startedAt = now();
        return 0;
      },
    },
  ];
  texts.forEach((text, i) => {
    chunks.push({ text });
    chunks.push({
      get delayMs() {
        return Math.max(0, startedAt + (i + 1) * intervalMs - now());
      },
    });
  });
  return chunks;
}
