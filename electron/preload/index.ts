/**
 * The bridge between a sandboxed page and main: `request(route, input)` and
 * `on(channel, listener) → unsubscribe`, nothing else. Built as one CommonJS
 * file whose only require is 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL_NAMES, EVENT_CHANNEL_PREFIX, INVOKE_CHANNEL } from '../../shared/ipc/channels';

const allowedChannels = new Set<string>(EVENT_CHANNEL_NAMES);

contextBridge.exposeInMainWorld('punie', {
  request(route: unknown, input: unknown): Promise<unknown> {
    if (typeof route !== 'string') {
      return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: 'The route must be a string.' } });
    }
    // Main answers envelopes and never rejects; a rejection means main could not be reached at all.
    return ipcRenderer.invoke(INVOKE_CHANNEL, route, input).catch(() => ({
      ok: false,
      error: { code: 'internal', message: 'Punie could not reach its main process.', hint: 'Restart Punie.' },
    }));
  },
  on(channel: unknown, listener: unknown): () => void {
    if (typeof channel !== 'string' || !allowedChannels.has(channel)) {
      throw new TypeError(`Unknown event channel: ${String(channel)}`);
    }
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const name = EVENT_CHANNEL_PREFIX + channel;
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(name, wrapped);
    return () => {
      ipcRenderer.removeListener(name, wrapped);
    };
  },
});
