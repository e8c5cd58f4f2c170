import { isDeltaEvent, type AgentEvent, type AgentEventOf } from '../../shared/agentEvents';

/**
 * Takes a run's events to one window. Deltas (text, reasoning, tool-call
 * arguments) are throttled: the first delta of a burst goes out at once
 * (so the first token reaches the screen without waiting), and what follows
 * is buffered and sent together once `intervalMs` have passed since the last
 * flush that carried deltas, or at once when the buffer reaches its size
 * cap. Adjacent deltas of the same stream are merged into one. So while text
 * streams, flushes carrying deltas are at least `intervalMs` apart (at most
 * 1000 / intervalMs a second, whatever the token rate), except when another
 * event or the size cap sends them sooner.
 *
 * Any other event flushes the buffer and goes out in the same array, so
 * order is always kept; a `run-start` also starts a new burst. Each flush is one `agent.events` message. After
 * `dispose()` (the window went away) nothing is sent and no timer is left.
 */

export interface SinkTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EventSinkOptions {
  /** Delivers one flush. Throwing (the window is gone) disposes the sink. */
  send(events: AgentEvent[]): void;
  /** Least time between two flushes carrying deltas. */
  intervalMs?: number;
  /** Flush at once when buffered delta text reaches this many characters. */
  maxChars?: number;
  /** Flush at once when this many events are buffered. */
  maxEvents?: number;
  timers?: SinkTimers;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
  /** Told when sending failed and the sink disposed itself. */
  onSendError?(error: unknown): void;
}

export interface EventSink {
  push(event: AgentEvent): void;
  /** Sends whatever is buffered now. */
  flush(): void;
  /** Stops the timer and drops the buffer; later pushes are ignored. */
  dispose(): void;
  readonly disposed: boolean;
}

/** 17 ms, not 16: 1000 / 17 ≈ 58.8, so the sink stays under 60 flushes a second. */
export const SINK_INTERVAL_MS = 17;
export const SINK_MAX_CHARS = 32 * 1024;
export const SINK_MAX_EVENTS = 256;

const defaultTimers: SinkTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
const defaultNow = () => performance.now();

type DeltaEvent = AgentEventOf<'text-delta' | 'reasoning-delta' | 'tool-call-args-delta'>;

function sameStream(a: DeltaEvent, b: DeltaEvent): boolean {
  if (a.type !== b.type || a.runId !== b.runId) return false;
  if (a.type === 'tool-call-args-delta' && b.type === 'tool-call-args-delta') return a.callId === b.callId;
  return true;
}

export function createEventSink(options: EventSinkOptions): EventSink {
  const intervalMs = options.intervalMs ?? SINK_INTERVAL_MS;
  const maxChars = options.maxChars ?? SINK_MAX_CHARS;
  const maxEvents = options.maxEvents ?? SINK_MAX_EVENTS;
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? defaultNow;

  let buffer: AgentEvent[] = [];
  let bufferedChars = 0;
  let bufferHasDeltas = false;
  /** The pieces of the last buffered delta, once others of its stream joined it (one string when it is sent). */
  let pieces: string[] | undefined;
  /** When the last flush carrying deltas went out. */
  let lastDeltaFlushAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;
  let disposed = false;

  const stopTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };

  const flush = () => {
    stopTimer();
    if (disposed || buffer.length === 0) return;
    settleLast();
    const events = buffer;
    if (bufferHasDeltas) lastDeltaFlushAt = now();
    buffer = [];
    bufferedChars = 0;
    bufferHasDeltas = false;
    try {
      options.send(events);
    } catch (error) {
      dispose();
      options.onSendError?.(error);
    }
  };

  /**
   * The timer fired. Node starts a timer from the event loop's cached time,
   * which lags when a burst of work ran since the loop last woke (a socket
   * read full of chunks), so a timer can fire early by the clock: then it
   * waits out the rest once, on a fresh timer, and flushes.
   */
  const onTimer = (recheck: boolean) => {
    timer = undefined;
    const wait = lastDeltaFlushAt + intervalMs - now();
    if (recheck && wait > 0) timer = timers.set(onFinalTimer, Math.ceil(wait));
    else flush();
  };
  const onFirstTimer = () => onTimer(true);
  const onFinalTimer = () => onTimer(false);

  const dispose = () => {
    disposed = true;
    stopTimer();
    buffer = [];
    bufferedChars = 0;
    bufferHasDeltas = false;
    pieces = undefined;
  };

  /** Makes the last buffered delta one event again (a copy: the events pushed are never changed). */
  const settleLast = () => {
    if (pieces === undefined) return;
    const at = buffer.length - 1;
    const last = buffer[at];
    if (last !== undefined && isDeltaEvent(last)) buffer[at] = { ...last, delta: pieces.join('') } as DeltaEvent;
    pieces = undefined;
  };

  const push = (event: AgentEvent) => {
    if (disposed) return;
    if (!isDeltaEvent(event)) {
      settleLast();
      buffer.push(event);
      flush();
      // A new run is a new burst: its first token goes out at once, even right after the last run's text.
      if (event.type === 'run-start') lastDeltaFlushAt = Number.NEGATIVE_INFINITY;
      return;
    }
    const last = buffer[buffer.length - 1];
    if (last !== undefined && isDeltaEvent(last) && sameStream(last, event)) {
      // Joined once, when sent: no new string per token.
      (pieces ??= [last.delta]).push(event.delta);
    } else {
      settleLast();
      buffer.push(event);
    }
    bufferHasDeltas = true;
    bufferedChars += event.delta.length;
    if (bufferedChars >= maxChars || buffer.length >= maxEvents) {
      flush();
      return;
    }
    if (timer !== undefined) return;
    const wait = lastDeltaFlushAt + intervalMs - now();
    // The first delta of a burst goes out at once; the rest wait for the window.
    if (wait <= 0) flush();
    else timer = timers.set(onFirstTimer, Math.ceil(wait));
  };

  return {
    push,
    flush,
    dispose,
    get disposed() {
      return disposed;
    },
  };
}
