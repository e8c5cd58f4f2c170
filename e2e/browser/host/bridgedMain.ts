/**
 * What the browser host bridges a page to: main's request handler and its
 * window hub. Structurally `Pick<MainApp, 'handle' | 'attachWindow'>`
 * (electron/main/mainApp.ts); realHost.ts passes the real one, wrapped to log
 * requests.
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
