/**
 * Gives up on a stream that goes silent: `signal` aborts when the caller's
 * signal does, or when `idleMs` pass without an `arm()`. Providers arm it on
 * every chunk so a stalled server cannot hold a run forever.
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

export function createIdleWatchdog(outer: AbortSignal, idleMs = DEFAULT_IDLE_TIMEOUT_MS): IdleWatchdog {
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  return {
    signal: AbortSignal.any([outer, idle.signal]),
    arm() {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), idleMs);
    },
    stop() {
      clearTimeout(timer);
    },
    fired: () => idle.signal.aborted && !outer.aborted,
    label: idleMs >= 60_000 && idleMs % 60_000 === 0 ? `${idleMs / 60_000} min` : idleMs >= 1000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`,
  };
}
