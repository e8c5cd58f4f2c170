import type { Page } from '@playwright/test';
import { EVENT_CHANNEL_NAMES } from '../../../shared/ipc/channels';
import type { BridgedMain, WindowKind } from './bridgedMain';

/**
 * Puts a bridge into a page before its scripts run, with the preload's exact
 * surface: `window.punie = { request(route, input), on(channel, listener) → unsubscribe }`.
 * Requests go to `main.handle` in the test process (through an exposed
 * function); main's events come back through `main.attachWindow`.
 *
 * Phase 1 installs the stand-in preload below. Phase 2 swaps `standInPreload`
 * for the real built preload (out/preload/index.cjs) run with a stand-in
 * `require('electron')` whose ipcRenderer.invoke calls the same exposed
 * function and whose ipcRenderer.on keeps the listeners `deliver` fires.
 */

interface PageGlobals {
  punie?: unknown;
  __punieInvoke(route: unknown, input: unknown): Promise<unknown>;
  __punieDeliver?: (channel: string, payload: unknown) => void;
}

/** Runs in the page. Mirrors electron/preload/index.ts. */
function standInPreload(channels: readonly string[]): void {
  const g = globalThis as unknown as PageGlobals;
  const allowed = new Set(channels);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  g.__punieDeliver = (channel, payload) => {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(structuredClone(payload));
  };
  const bridge = {
    request(route: unknown, input: unknown): Promise<unknown> {
      if (typeof route !== 'string') {
        return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: 'The route must be a string.' } });
      }
      return g.__punieInvoke(route, input === undefined ? undefined : structuredClone(input));
    },
    on(channel: unknown, listener: unknown): () => void {
      if (typeof channel !== 'string' || !allowed.has(channel)) throw new TypeError(`Unknown event channel: ${String(channel)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const set = listeners.get(channel) ?? new Set();
      const wrapped = (payload: unknown) => (listener as (p: unknown) => void)(payload);
      set.add(wrapped);
      listeners.set(channel, set);
      return () => {
        set.delete(wrapped);
      };
    },
  };
  g.punie = Object.freeze(bridge);
}

export interface BridgedPage {
  page: Page;
  /** Stops main's events to this page (the window closed). */
  detach(): void;
}

/**
 * Opens `path` of the renderer in `page` as window `kind`, bridged to `main`.
 * Events are delivered in order, one evaluate at a time.
 */
export async function openBridgedPage(page: Page, origin: string, path: string, kind: WindowKind, main: BridgedMain): Promise<BridgedPage> {
  await page.exposeFunction('__punieInvoke', (route: unknown, input: unknown) => main.handle({ url: page.url(), topFrame: true, window: kind }, route, input));
  await page.addInitScript(standInPreload, [...EVENT_CHANNEL_NAMES]);
  await page.goto(`${origin}/${path}`);

  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  const detach = main.attachWindow({
    kind,
    send(channel, payload) {
      if (closed || page.isClosed()) throw new Error('the page is gone');
      chain = chain
        .then(() =>
          page.evaluate(([c, p]) => (globalThis as unknown as PageGlobals).__punieDeliver?.(c, p), [channel, payload] as const),
        )
        .catch(() => undefined);
    },
  });
  page.once('close', () => {
    closed = true;
    detach();
  });
  return {
    page,
    detach: () => {
      closed = true;
      detach();
    },
  };
}
