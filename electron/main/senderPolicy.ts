import type { WindowKind } from './services';

/**
 * Who may call main: only the top frame of one of Punie's own windows, showing
 * a page from the app's own origin. The Electron adapter fills this in from
 * the IPC event (`senderFrame.url`, `senderFrame.parent === null`, the window
 * that owns the web contents); the browser host fills it in from its page.
 */
export interface SenderInfo {
  /** The sending frame's URL. */
  url: string;
  /** True when the sender is the top frame (not an iframe). */
  topFrame: boolean;
  /** Which Punie window owns the sender; undefined when it is none of ours. */
  window: WindowKind | undefined;
}

/** A sender that passed the check: it belongs to one of our windows. */
export type TrustedSender = SenderInfo & { window: WindowKind };

/**
 * The origin of a URL as `scheme://host[:port]`, also for custom schemes
 * (WHATWG URL answers "null" for those); null when it does not parse or has
 * no host (file: URLs are never trusted: the app serves its pages from its own
 * scheme).
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** The predicate the router uses: top frame, one of our windows, one of the trusted origins. */
export function createSenderCheck(trustedOrigins: readonly string[]): (sender: SenderInfo) => sender is TrustedSender {
  const allowed = new Set(trustedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  return (sender): sender is TrustedSender => {
    if (!sender.topFrame || sender.window === undefined) return false;
    const origin = originOf(sender.url);
    return origin !== null && allowed.has(origin);
  };
}
