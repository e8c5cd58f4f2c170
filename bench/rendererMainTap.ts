import type { RealHost } from '../e2e/browser/host/realHost';
import type { ReceivedFlush } from './rendererStats';

/**
 * What main did while the renderer benchmark streamed, seen from inside the
 * bench process: the text deltas the engine emitted (the server's pace as
 * main received it), and the `agent.events` flushes a window's sink sent.
 * The flushes come from a recording window attached to main's window hub:
 * every attached window gets its own sink fed with every agent event, so it
 * sends what the page's sink sends, without the browser host's delivery in
 * between.
 */
export interface MainTapResult {
  /** Text deltas the engine emitted, and when the first and last came (ms, this process's clock). */
  deltas: number;
  firstDeltaAt: number;
  lastDeltaAt: number;
  /** Flushes a window's sink sent (this process's clock). */
  flushes: ReceivedFlush[];
}

export interface MainTap {
  stop(): MainTapResult;
}

interface EventLike {
  type?: unknown;
  delta?: unknown;
}

const ENDS = new Set(['run-finish', 'run-error', 'run-abort']);

export function tapMain(host: RealHost): MainTap {
  const result: MainTapResult = { deltas: 0, firstDeltaAt: Number.NaN, lastDeltaAt: Number.NaN, flushes: [] };
  const unsubscribe = host.engine.agent.subscribe((event) => {
    if (event.type !== 'text-delta') return;
    const now = performance.now();
    if (result.deltas === 0) result.firstDeltaAt = now;
    result.lastDeltaAt = now;
    result.deltas += 1;
  });
  const detach = host.main.app.attachWindow({
    kind: 'quick',
    send(channel, payload) {
      if (channel !== 'agent.events' || !Array.isArray(payload)) return;
      let textChars = 0;
      let ended = false;
      for (const e of payload as EventLike[]) {
        if (e.type === 'text-delta' && typeof e.delta === 'string') textChars += e.delta.length;
        if (typeof e.type === 'string' && ENDS.has(e.type)) ended = true;
      }
      result.flushes.push({ at: performance.now(), textChars, ended });
    },
  });
  return {
    stop() {
      unsubscribe();
      detach();
      return result;
    },
  };
}
