import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The page side of the browser host: the real built preload
 * (out/preload/index.cjs) run before the page's own scripts, with a minimal
 * stand-in for `require('electron')`. Only Electron's transport is stood in
 * for:
 *
 * - `contextBridge.exposeInMainWorld(key, api)` defines `window[key]` as a
 *   frozen, read-only copy, as the context bridge does;
 * - `ipcRenderer.invoke(channel, ...args)` structured-clones the arguments
 *   (what Electron's IPC does) and calls the page binding `__punieInvoke`,
 *   which main's router answers in the test process;
 * - `ipcRenderer.on / removeListener` keep listeners that the test side fires
 *   through `__punieDeliver(channel, payload)`, one message at a time.
 *
 * It runs in the top frame only (Electron runs a preload in the main frame
 * unless told otherwise). The text is evaluated as a script by the DevTools
 * protocol, so the page's CSP (no eval) does not stand in its way.
 */

export const INVOKE_BINDING = '__punieInvoke';
export const DELIVER_FUNCTION = '__punieDeliver';

/** The built preload, read once per process. */
let cached: Promise<string> | undefined;
export function readBuiltPreload(path = join(process.cwd(), 'out/preload/index.cjs')): Promise<string> {
  cached ??= readFile(path, 'utf8').catch((e: unknown) => {
    cached = undefined;
    throw new Error(`The built preload is missing at ${path}: run \`npm run build\` first (${String(e)}).`);
  });
  return cached;
}

/** The init script: the electron stand-in, then the preload's own text inside a CommonJS wrapper. */
export function preloadInitScript(preloadSource: string): string {
  return `(() => {
  if (window.top !== window) return;
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      let cloned;
      try {
        cloned = structuredClone(args);
      } catch (error) {
        return Promise.reject(new Error('An object could not be cloned.'));
      }
      return window[${JSON.stringify(INVOKE_BINDING)}](channel, ...cloned);
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: Object.freeze({ ...api }), writable: false, configurable: false, enumerable: true });
    },
  };
  Object.defineProperty(window, ${JSON.stringify(DELIVER_FUNCTION)}, {
    enumerable: false,
    value(channel, payload) {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        try {
          listener(event, structuredClone(payload));
        } catch (error) {
          // Surfaces as the page's uncaught error, as it would in Electron.
          setTimeout(() => { throw error; });
        }
      }
    },
  });
  const require = (id) => {
    if (id === 'electron') return { contextBridge, ipcRenderer };
    throw new Error('A sandboxed preload can only require "electron", not ' + JSON.stringify(id) + '.');
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}
