import { z } from 'zod';
import type { ErrorData } from '../../shared/errors';
import { routes, type Envelope, type RouteName, type RouteOutput, type RouteParsedInput } from '../../shared/ipc/routes';
import { routeTimeoutMs } from '../../shared/ipc/timeouts';
import { isAbortError, isPunieError } from '../core/errors';
import { createLogger, type Logger } from '../core/log';
import type { SenderInfo, TrustedSender } from './senderPolicy';

/**
 * The one IPC router: every request from a window goes through `handle`,
 * which checks the sender, parses the input with the route's schema, runs the
 * handler with a deadline, and answers an envelope. It never throws and never
 * rejects: errors cross IPC as data with a stable code.
 */

export interface HandlerContext {
  sender: TrustedSender;
  /** Aborted when the request's deadline passes or the app shuts down. */
  signal: AbortSignal;
}

export type Handler<R extends RouteName> = (input: RouteParsedInput<R>, ctx: HandlerContext) => Promise<RouteOutput<R>>;

/** One handler per route: a route without a handler does not compile. */
export type Handlers = { [R in RouteName]: Handler<R> };

export type Router = (sender: SenderInfo, route: unknown, input: unknown) => Promise<Envelope<unknown>>;

export interface RouterOptions {
  handlers: Handlers;
  isTrustedSender: (sender: SenderInfo) => sender is TrustedSender;
  /** Validates every answer against the route's output schema (tests, the browser host). */
  checkOutput?: boolean;
  /** Deadline of the routes shared/ipc/timeouts.ts gives none of their own (default DEFAULT_ROUTE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Aborted when the app shuts down: every request in flight ends. */
  signal?: AbortSignal;
  log?: Logger;
}

export function createRouter(options: RouterOptions): Router {
  const log = options.log ?? createLogger('main:router');
  const shutdown = options.signal ?? new AbortController().signal;

  return async (sender, route, rawInput) => {
    if (!options.isTrustedSender(sender)) {
      log.warn('refused a request from a foreign sender', { route: typeof route === 'string' ? route.slice(0, 100) : typeof route });
      return fail({ code: 'forbidden-sender', message: 'This page may not talk to Punie.' });
    }
    if (typeof route !== 'string' || !Object.hasOwn(routes, route)) {
      return fail({ code: 'invalid-input', message: `Unknown request: ${typeof route === 'string' ? route.slice(0, 100) : typeof route}.` });
    }
    const name = route as RouteName;
    const parsed = routes[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return fail({ code: 'invalid-input', message: `Invalid input for ${name}: ${z.prettifyError(parsed.error)}` });
    }
    if (shutdown.aborted) return fail({ code: 'aborted', message: 'Punie is shutting down.' });

    const timeoutMs = routeTimeoutMs(name, options.timeoutMs);
    const signals = [shutdown];
    if (timeoutMs !== null) signals.push(AbortSignal.timeout(timeoutMs));
    const signal = AbortSignal.any(signals);
    try {
      const data = await untilAborted(callHandler(options.handlers, name, parsed.data, { sender, signal }), signal);
      if (options.checkOutput) {
        const checked = routes[name].output.safeParse(data);
        if (!checked.success) {
          log.error('a handler answered data its route does not allow', { route: name, issues: z.prettifyError(checked.error) });
          return fail({ code: 'internal', message: `Punie answered ${name} with unexpected data.` });
        }
      }
      return { ok: true, data };
    } catch (e) {
      return fail(errorFor(e, name, signal, shutdown, timeoutMs, log));
    }
  };
}

function fail(error: ErrorData): Envelope<never> {
  return { ok: false, error };
}

/** The one place the route name and its handler's types are correlated. */
function callHandler<R extends RouteName>(handlers: Handlers, name: R, input: RouteParsedInput<R>, ctx: HandlerContext): Promise<RouteOutput<R>> {
  const handler = handlers[name] as Handler<R>;
  return handler(input, ctx);
}

/** Settles with the promise, or rejects as soon as the signal aborts (a handler that ignores its signal cannot hold a request forever). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function errorFor(e: unknown, route: RouteName, signal: AbortSignal, shutdown: AbortSignal, timeoutMs: number | null, log: Logger): ErrorData {
  if (isPunieError(e)) return e.toData();
  if (shutdown.aborted) return { code: 'aborted', message: 'Punie is shutting down.' };
  if (signal.aborted && timeoutMs !== null) {
    log.warn('a request ran past its deadline', { route, timeoutMs });
    return {
      code: 'internal',
      message: `Punie did not answer ${route} within ${Math.round(timeoutMs / 1000)} seconds.`,
      hint: 'Try again; if it keeps happening, restart Punie.',
    };
  }
  if (isAbortError(e)) return { code: 'aborted', message: 'Stopped.' };
  // Unknown failures: details go to the log, never a stack trace to the user.
  log.error('a handler failed', { route, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  return { code: 'internal', message: `Something went wrong while handling ${route}.`, hint: 'Try again; if it keeps happening, restart Punie.' };
}
