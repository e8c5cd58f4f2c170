/**
 * What a page may do beyond showing itself, as pure decisions the Electron
 * adapter (securityHooks.ts) applies to every web contents.
 */

/**
 * The policy the pages are served with, as a response header. It mirrors the
 * meta tag in renderer/*.html (both apply), plus frame-ancestors, which only
 * works in a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The development server (electron-vite dev) needs its inline preamble and its HMR socket. */
export function devContentSecurityPolicy(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/**
 * A page may only move within the app's own pages. An http(s) link goes to
 * the system browser; everything else (file:, javascript:, data:, custom
 * schemes) is refused.
 */
export function navigationDecision(url: string, isAppUrl: (url: string) => boolean): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  return isExternalWebUrl(url) ? 'open-external' : 'deny';
}

/** Only http(s) URLs with a host ever reach the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Web permissions the pages get: notifications (a permission card can ask
 * for the user's attention) and writing to the clipboard (the copy buttons on
 * code blocks). Camera, microphone, location, reading the clipboard, and every
 * other permission are refused.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}
