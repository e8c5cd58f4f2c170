import { isDeltaEvent, type AgentEvent, type AgentEventOf } from '../../shared/agentEvents';

/**
 * Takes a run's events to one window. Deltas (text, reasoning, tool-call
 * arguments) are buffered and sent together about every 16 ms, or at once
 * when the buffer reaches its size cap; adjacent deltas of the same stream
 * are merged into one. Any other event flushes the buffer and goes out in the
 * same array, so order is always kept. Each flush is one `agent.events`
 * message. After `dispose()` (the window went away) nothing is sent and no
 * timer is left.
 */

export interface SinkTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EventSinkOptions {
  /** Delivers one flush. Throwing (the window is gone) disposes the sink. */
  send(events: AgentEvent[]): void;
  /** Coalescing window for deltas. */
  intervalMs?: number;
  /** Flush at once when buffered delta text reaches this many characters. */
  maxChars?: number;
  /** Flush at once when this many events are buffered. */
  maxEvents?: number;
  timers?: SinkTimers;
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

export const SINK_INTERVAL_MS = 16;
export const SINK_MAX_CHARS = 32 * 1024;
export const SINK_MAX_EVENTS = 256;

const defaultTimers: SinkTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

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

  let buffer: AgentEvent[] = [];
  let bufferedChars = 0;
  let timer: unknown;
  let disposed = false;

  const stopTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };

  const flush = () => {
    stopTimer();
    if (disposed || buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    bufferedChars = 0;
    try {
      options.send(events);
    } catch (error) {
      dispose();
      options.onSendError?.(error);
    }
  };

  const dispose = () => {
    disposed = true;
    stopTimer();
    buffer = [];
    bufferedChars = 0;
  };

  const push = (event: AgentEvent) => {
    if (disposed) return;
    if (!isDeltaEvent(event)) {
      buffer.push(event);
      flush();
      return;
    }
    const last = buffer[buffer.length - 1];
    if (last !== undefined && isDeltaEvent(last) && sameStream(last, event)) {
      buffer[buffer.length - 1] = { ...last, delta: last.delta + event.delta } as DeltaEvent;
    } else {
      buffer.push(event);
    }
    bufferedChars += event.delta.length;
    if (bufferedChars >= maxChars || buffer.length >= maxEvents) {
      flush();
      return;
    }
    if (timer === undefined) timer = timers.set(flush, intervalMs);
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
