import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_CHANNEL } from '../../../shared/ipc/channels';
import type { MainApp } from '../mainApp';
import type { SenderInfo } from '../senderPolicy';
import type { WindowKind } from '../services';

/**
 * The one invoke channel: every request from the preload arrives here and
 * goes to the router with what is known about its sender.
 */

export function senderInfoOf(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, windowKindOf: (contents: WebContents) => WindowKind | undefined): SenderInfo {
  try {
    const frame = event.senderFrame;
    if (!frame) return { url: '', topFrame: false, window: undefined };
    return { url: frame.url, topFrame: frame.parent === null, window: windowKindOf(event.sender) };
  } catch {
    // The frame went away while the request was in flight.
    return { url: '', topFrame: false, window: undefined };
  }
}

export function installIpcBridge(app: Pick<MainApp, 'handle'>, windowKindOf: (contents: WebContents) => WindowKind | undefined): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, route: unknown, input: unknown) => app.handle(senderInfoOf(event, windowKindOf), route, input));
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
