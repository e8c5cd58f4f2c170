/**
 * Gives up on a stream that goes silent: `signal` aborts when the caller's
 * signal does, or when `idleMs` pass without an `arm()`. Providers arm it on
 * every chunk so a stalled server cannot hold a run forever.
 *
 * Arming is on the hot path (once per streamed chunk, tens of thousands a
 * second from a fast server), so it only notes the time. One timer runs per
 * stream: when it fires it checks how long ago the last arm was, and either
 * aborts or sleeps for the rest of the window. The stream is given up on
 * exactly `idleMs` after its last chunk, as if the timer were re-armed each
 * time, at the cost of a timer callback per window rather than per chunk.
 */
export interface IdleWatchdog {
  /** Pass this to the request. */
  readonly signal: AbortSignal;
  /** (Re)starts the countdown. */
  arm(): void;
  stop(): void;
  /** True when the silence, not the caller, ended the request. */
  fired(): boolean;
  /** "5 min" / "100 ms", for messages. */
  readonly label: string;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export interface IdleWatchdogClock {
  /** Monotonic milliseconds. Default performance.now. */
  now(): number;
}

const defaultClock: IdleWatchdogClock = { now: () => performance.now() };

export function createIdleWatchdog(outer: AbortSignal, idleMs = DEFAULT_IDLE_TIMEOUT_MS, clock: IdleWatchdogClock = defaultClock): IdleWatchdog {
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let lastArmedAt = 0;
  let running = false;

  const check = () => {
    timer = undefined;
    if (!running) return;
    const silentFor = clock.now() - lastArmedAt;
    if (silentFor >= idleMs) {
      running = false;
      idle.abort();
      return;
    }
    schedule(idleMs - silentFor);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(check, Math.max(1, Math.ceil(ms)));
  };

  return {
    signal: AbortSignal.any([outer, idle.signal]),
    arm() {
      lastArmedAt = clock.now();
      if (running) return;
      running = true;
      if (timer === undefined) schedule(idleMs);
    },
    stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
    },
    fired: () => idle.signal.aborted && !outer.aborted,
    label: idleMs >= 60_000 && idleMs % 60_000 === 0 ? `${idleMs / 60_000} min` : idleMs >= 1000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`,
  };
}
