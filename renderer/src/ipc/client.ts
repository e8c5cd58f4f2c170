import { z } from 'zod';
import { errorDataSchema } from '../../../shared/errorData';
import type { ErrorData } from '../../../shared/errors';
import { events, type EventChannel, type EventPayload, type PunieBridge } from '../../../shared/ipc/events';
import { routes, type RouteInput, type RouteName, type RouteOutput } from '../../../shared/ipc/routes';
import { routeTimeoutMs } from '../../../shared/ipc/timeouts';
import { findBridge } from './bridge';
import { RequestError } from './requestError';

export interface RequestOptions {
  /** Stops waiting for the answer (main may still finish the work). */
  signal?: AbortSignal;
  /** Give up after this many ms; `null` waits as long as it takes (dialogs the user answers). */
  timeoutMs?: number | null;
}

/** The renderer's only way to main: typed requests and typed events, both schema-parsed. */
export interface PunieClient {
  request<R extends RouteName>(route: R, input: RouteInput<R>, options?: RequestOptions): Promise<RouteOutput<R>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorDataSchema }),
]);

const NO_BRIDGE: ErrorData = {
  code: 'unsupported',
  message: 'This page is not connected to Punie.',
  hint: 'Open it from the Punie app.',
};

export function createClient(bridge: PunieBridge | undefined): PunieClient {
  return {
    request(route, input, options = {}) {
      if (!bridge) return Promise.reject(new RequestError(NO_BRIDGE));
      const timeoutMs = options.timeoutMs === undefined ? routeTimeoutMs(route) : options.timeoutMs;
      return settle(route, bridge.request(route, input), options.signal, timeoutMs);
    },
    on(channel, listener) {
      if (!bridge) return () => {};
      const schema = events[channel];
      return bridge.on(channel, (payload: unknown) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          console.warn(`[punie] dropped a malformed ${channel} event`, parsed.error.issues.slice(0, 3));
          return;
        }
        try {
          listener(parsed.data as EventPayload<typeof channel>);
        } catch (e) {
          console.error(`[punie] a ${channel} listener failed`, e);
        }
      });
    },
  };
}

async function settle<R extends RouteName>(
  route: R,
  answer: Promise<unknown>,
  signal: AbortSignal | undefined,
  timeoutMs: number | null,
): Promise<RouteOutput<R>> {
  const raw = await raceWithLimits(answer, signal, timeoutMs);
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw malformed(route);
  if (!envelope.data.ok) throw new RequestError(envelope.data.error);
  const output = routes[route].output.safeParse(envelope.data.data);
  if (!output.success) throw malformed(route);
  return output.data as RouteOutput<R>;
}

function malformed(route: RouteName): RequestError {
  console.warn(`[punie] ${route} answered with data the app does not understand`);
  return new RequestError({ code: 'internal', message: 'Punie received an answer it did not understand.', hint: 'Restart Punie; if it keeps happening, report it.' });
}

function raceWithLimits(answer: Promise<unknown>, signal: AbortSignal | undefined, timeoutMs: number | null): Promise<unknown> {
  if (signal?.aborted) return Promise.reject(new RequestError({ code: 'aborted', message: 'Cancelled.' }));
  return new Promise<unknown>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(new RequestError({ code: 'aborted', message: 'Cancelled.' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== null) {
      timer = setTimeout(() => {
        cleanup();
        reject(new RequestError({ code: 'internal', message: 'Punie did not answer in time.', hint: 'Try again; if it keeps happening, restart the app.' }));
      }, timeoutMs);
    }
    answer.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      () => {
        cleanup();
        reject(new RequestError({ code: 'internal', message: 'The request could not reach Punie.', hint: 'Restart the app if this keeps happening.' }));
      },
    );
  });
}

/** The client over this window's preload bridge. */
export const punie: PunieClient = createClient(findBridge());
