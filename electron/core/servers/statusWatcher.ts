import type { ServerKind, ServersStatus } from '../../../shared/serverStatus';
import { PunieError } from '../errors';
import { createLogger } from '../log';
import type { PresetContextOptions } from './presetContext';
import { probeServers, type ProbeRoundOptions } from './probeServers';
import { statusFingerprint } from './statusFingerprint';

/**
 * The live status of local servers. Re-probes on an interval — every 2 s
 * while someone is looking, every 15 s otherwise — and backs off (doubling,
 * up to 4× the interval) while nothing answers. Never more than one round
 * is in flight: `refresh()` during a round joins it. Subscribers hear only
 * changes (see statusFingerprint). `dispose()` clears every timer and
 * aborts the round in flight.
 *
 * Its `status`, `refresh` and `subscribe` are main's ServersPort.
 */

export interface ProbeRequest {
  endpoints: readonly string[];
  ollamaURL?: string;
  signal: AbortSignal;
  kindHints: ReadonlyMap<string, ServerKind>;
}

/** Timers and time, injectable so tests can drive the watcher. */
export interface WatcherClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StatusWatcherOptions {
  endpoints: readonly string[];
  /** Also watch Ollama here (status.ollama). */
  ollamaURL?: string;
  /** The key configured for an endpoint, if any. */
  apiKeyFor?: (baseURL: string) => string | undefined;
  /** Start as looked at (a window is showing). Default false. */
  visible?: boolean;
  /** Default 2000 ms. */
  visibleIntervalMs?: number;
  /** Default 15000 ms. */
  hiddenIntervalMs?: number;
  /** While nothing answers the interval doubles, up to this factor. Default 4. */
  maxBackoffFactor?: number;
  /** Per-probe timeouts (see probeServers). */
  timeouts?: Pick<ProbeRoundOptions, 'connectTimeoutMs' | 'requestTimeoutMs' | 'roundTimeoutMs'>;
  /** The contexts the user's presets set, read at every round (see presetContext.ts). */
  presetContext?: PresetContextOptions;
  /** One round; the default probes the servers. */
  probe?: (request: ProbeRequest) => Promise<ServersStatus>;
  clock?: WatcherClock;
}

export interface StatusWatcher {
  /** The latest status, if a round has finished. */
  current(): ServersStatus | undefined;
  /** The latest status; waits for the first round when there is none yet. */
  status(signal: AbortSignal): Promise<ServersStatus>;
  /** A round now (or the one in flight); its status. */
  refresh(signal: AbortSignal): Promise<ServersStatus>;
  /** Called with every changed status. Returns its unsubscribe. */
  subscribe(listener: (status: ServersStatus) => void): () => void;
  /** Someone is looking (faster rounds, and one now if the last is stale) or not. */
  setVisible(visible: boolean): void;
  /** The endpoints changed (settings): probe the new list now. */
  setEndpoints(endpoints: readonly string[]): void;
  dispose(): void;
}

const log = createLogger('servers:watch');

const realClock: WatcherClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createStatusWatcher(options: StatusWatcherOptions): StatusWatcher {
  const clock = options.clock ?? realClock;
  const visibleIntervalMs = options.visibleIntervalMs ?? 2_000;
  const hiddenIntervalMs = options.hiddenIntervalMs ?? 15_000;
  const maxBackoffFactor = Math.max(1, options.maxBackoffFactor ?? 4);
  const probe =
    options.probe ??
    ((r: ProbeRequest) =>
      probeServers({
        ...r,
        ...options.timeouts,
        ...(options.apiKeyFor ? { apiKeyFor: options.apiKeyFor } : {}),
        ...(options.presetContext ? { presetContext: options.presetContext } : {}),
      }));

  const lifetime = new AbortController();
  const listeners = new Set<(status: ServersStatus) => void>();
  const kindHints = new Map<string, ServerKind>();
  let endpoints = [...options.endpoints];
  let generation = 0;
  let visible = options.visible ?? false;
  let latest: ServersStatus | undefined;
  let lastFingerprint: string | undefined;
  let lastRoundAt: number | undefined;
  let silentRounds = 0;
  let timer: unknown;
  let inFlight: { promise: Promise<ServersStatus>; generation: number } | undefined;

  function clearTimer(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function intervalMs(): number {
    const base = visible ? visibleIntervalMs : hiddenIntervalMs;
    return silentRounds <= 1 ? base : Math.min(base * 2 ** (silentRounds - 1), base * maxBackoffFactor);
  }

  function schedule(): void {
    clearTimer();
    if (lifetime.signal.aborted || inFlight) return;
    const elapsed = lastRoundAt === undefined ? 0 : clock.now() - lastRoundAt;
    timer = clock.setTimeout(() => {
      timer = undefined;
      round().catch((e: unknown) => log.debug('round failed', { error: String(e) }));
    }, Math.max(0, intervalMs() - elapsed));
  }

  function accept(status: ServersStatus): void {
    latest = status;
    for (const e of [...status.endpoints, ...(status.ollama ? [status.ollama] : [])]) {
      if (e.state === 'online' && e.kind && e.kind !== 'openai-compatible') kindHints.set(e.url, e.kind);
      else kindHints.delete(e.url);
    }
    const anyAnswer = status.overall !== 'offline' || status.ollama?.state === 'online';
    silentRounds = anyAnswer ? 0 : silentRounds + 1;
    const fingerprint = statusFingerprint(status);
    if (fingerprint === lastFingerprint) return;
    lastFingerprint = fingerprint;
    for (const listener of [...listeners]) {
      try {
        listener(status);
      } catch (e) {
        log.warn('a status listener failed', { error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** The round in flight for the current endpoints, or a new one (after the one in flight, when endpoints changed). */
  function round(): Promise<ServersStatus> {
    if (lifetime.signal.aborted) return Promise.reject(new PunieError('aborted', 'Stopped.'));
    if (inFlight && inFlight.generation === generation) return inFlight.promise;
    if (inFlight) return inFlight.promise.catch(() => undefined).then(() => round());
    clearTimer();
    const mine = generation;
    const request: ProbeRequest = {
      endpoints: [...endpoints],
      ...(options.ollamaURL ? { ollamaURL: options.ollamaURL } : {}),
      signal: lifetime.signal,
      kindHints: new Map(kindHints),
    };
    const promise = Promise.resolve()
      .then(() => {
        lifetime.signal.throwIfAborted();
        return probe(request);
      })
      .then(
        (status) => {
          if (!lifetime.signal.aborted && mine === generation) accept(status);
          return status;
        },
        (e: unknown) => {
          throw lifetime.signal.aborted ? new PunieError('aborted', 'Stopped.', { cause: e }) : e;
        },
      )
      .finally(() => {
        if (inFlight?.promise === promise) inFlight = undefined;
        lastRoundAt = clock.now();
        schedule();
      });
    inFlight = { promise, generation: mine };
    return promise;
  }

  function withSignal(promise: Promise<ServersStatus>, signal: AbortSignal): Promise<ServersStatus> {
    if (signal.aborted) return Promise.reject(new PunieError('aborted', 'Stopped.'));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new PunieError('aborted', 'Stopped.'));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  round().catch((e: unknown) => log.debug('first round failed', { error: String(e) }));

  return {
    current: () => latest,
    status: (signal) => (latest ? Promise.resolve(latest) : withSignal(round(), signal)),
    refresh: (signal) => withSignal(round(), signal),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setVisible(next) {
      if (next === visible || lifetime.signal.aborted) return;
      visible = next;
      // Someone started looking: no backing off while they do.
      if (visible) silentRounds = 0;
      if (inFlight) return;
      const stale = lastRoundAt === undefined || clock.now() - lastRoundAt >= intervalMs();
      if (visible && stale) round().catch((e: unknown) => log.debug('round failed', { error: String(e) }));
      else schedule();
    },
    setEndpoints(next) {
      if (lifetime.signal.aborted) return;
      if (next.length === endpoints.length && next.every((u, i) => u === endpoints[i])) return;
      endpoints = [...next];
      generation += 1;
      for (const url of [...kindHints.keys()]) if (!endpoints.includes(url) && url !== options.ollamaURL) kindHints.delete(url);
      round().catch((e: unknown) => log.debug('round failed', { error: String(e) }));
    },
    dispose() {
      clearTimer();
      listeners.clear();
      lifetime.abort();
    },
  };
}
