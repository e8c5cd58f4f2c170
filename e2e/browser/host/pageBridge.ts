import type { Page } from '@playwright/test';
import { EVENT_CHANNEL_PREFIX, INVOKE_CHANNEL } from '../../../shared/ipc/channels';
import type { BridgedMain, WindowKind } from './bridgedMain';
import { DELIVER_FUNCTION, INVOKE_BINDING, preloadInitScript, readBuiltPreload } from './preloadShim';

/**
 * Connects a page to main the way Electron's IPC would: the real built
 * preload runs in the page (see preloadShim.ts); its invokes reach
 * `main.handle` with the sending frame's real URL; main's events come back
 * through `main.attachWindow`, on `punie:event:<channel>`.
 *
 * Order is kept as Electron keeps it: events are delivered one at a time in
 * the order main sent them, and an answer to a request leaves only after the
 * events main sent before it (so a view that asks `agent.active` sees exactly
 * the events the snapshot holds before the answer, and none of them again).
 * The window is attached before the page loads; events sent while no page
 * listens are lost, as they are in Electron.
 */
export interface BridgedPage {
  page: Page;
  kind: WindowKind;
  /** Stops main's events to this page (the window closed). */
  detach(): void;
}

interface PageGlobals {
  [DELIVER_FUNCTION]?: (channel: string, payload: unknown) => void;
}

export async function openBridgedPage(page: Page, options: { origin: string; path: string; kind: WindowKind; main: BridgedMain }): Promise<BridgedPage> {
  const { origin, path, kind, main } = options;
  let delivered: Promise<unknown> = Promise.resolve();
  let closed = false;

  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, route: unknown, input: unknown) => {
    if (channel !== INVOKE_CHANNEL) throw new Error(`No handler for the IPC channel ${String(channel)}.`);
    const frame = source.frame;
    const answer = await main.handle({ url: frame.url(), topFrame: frame.parentFrame() === null, window: kind }, route, input);
    // The answer waits for every event main sent before it.
    await delivered;
    return answer;
  });
  await page.addInitScript({ content: preloadInitScript(await readBuiltPreload()) });

  const detach = main.attachWindow({
    kind,
    send(channel, payload) {
      if (closed || page.isClosed()) throw new Error('the window is gone');
      const name = EVENT_CHANNEL_PREFIX + channel;
      // As JSON text, parsed natively in the page (Electron's IPC clones natively too): Playwright's own
      // serialisation of an argument rebuilds it value by value in page script, a cost the app never pays.
      const json = payload === undefined ? undefined : JSON.stringify(payload);
      delivered = delivered.then(() =>
        page
          .evaluate(([c, j]) => (globalThis as unknown as PageGlobals).__punieDeliver?.(c, j === undefined ? undefined : JSON.parse(j)), [name, json] as const)
          // A page reloading or closing drops the message, as Electron does.
          .catch(() => undefined),
      );
    },
  });
  page.once('close', () => {
    closed = true;
    detach();
  });
  await page.goto(`${origin}/${path}`);
  return {
    page,
    kind,
    detach: () => {
      closed = true;
      detach();
    },
  };
}
