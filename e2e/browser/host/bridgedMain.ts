/**
 * What the browser host bridges a page to: main's request handler and its
 * window hub. Structurally the same as `MainApp` (electron/main/mainApp.ts),
 * so phase 2 passes the real one (createPlainNodeMain(...).app) where phase 1
 * passes the scripted stand-in (standIn/scriptedMain.ts).
 */
export type WindowKind = 'main' | 'quick';

export interface SenderInfo {
  url: string;
  topFrame: boolean;
  window: WindowKind | undefined;
}

export interface BridgedMain {
  /** Answers one request; resolves to an envelope, never rejects. */
  handle(sender: SenderInfo, route: unknown, input: unknown): Promise<unknown>;
  /** Starts pushing events to a window; returns the detach. */
  attachWindow(target: { kind: WindowKind; send(channel: string, payload: unknown): void }): () => void;
}
