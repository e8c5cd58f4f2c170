import type { BrowserWindow } from 'electron';
import { EVENT_CHANNEL_PREFIX } from '../../../shared/ipc/channels';
import type { MainApp } from '../mainApp';
import type { WindowKind } from '../services';

/**
 * Connects a BrowserWindow to the hub: events go to its web contents on the
 * `punie:event:<channel>` channels, and when the window closes its sink is
 * disposed (no timer outlives the window).
 */
export function connectWindow(app: Pick<MainApp, 'attachWindow'>, window: BrowserWindow, kind: WindowKind): () => void {
  const detach = app.attachWindow({
    kind,
    send(channel, payload) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) throw new Error('the window is gone');
      window.webContents.send(EVENT_CHANNEL_PREFIX + channel, payload);
    },
  });
  window.once('closed', detach);
  return detach;
}
