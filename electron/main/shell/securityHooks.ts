import type { App, Session, Shell, WebContents } from 'electron';
import { createLogger } from '../../core/log';
import { isPermissionAllowed, navigationDecision } from '../webContentsPolicy';

/**
 * Applies the web-contents policy to everything Electron creates: navigation
 * and redirects stay inside the app (http(s) links go to the system browser),
 * new windows and webviews are refused, permission requests are refused
 * except notifications and clipboard writes, and responses carry the CSP.
 */

const log = createLogger('main:security');

export interface SecurityHookOptions {
  isAppUrl: (url: string) => boolean;
  openExternal: (url: string) => void;
}

function guardNavigation(event: { preventDefault(): void }, url: string, options: SecurityHookOptions): void {
  const decision = navigationDecision(url, options.isAppUrl);
  if (decision === 'allow') return;
  event.preventDefault();
  if (decision === 'open-external') options.openExternal(url);
  else log.warn('refused a navigation', { scheme: url.split(':', 1)[0] });
}

export function hardenWebContents(contents: WebContents, options: SecurityHookOptions): void {
  contents.on('will-navigate', (event) => guardNavigation(event, event.url, options));
  // Subframes may only show app pages, and never open the browser (will-navigate covers the main frame).
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => guardNavigation(event, event.url, options));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (navigationDecision(url, () => false) === 'open-external') options.openExternal(url);
    return { action: 'deny' };
  });
}

export function installSecurityHooks(app: Pick<App, 'on'>, options: SecurityHookOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

export function hardenSession(session: Session, contentSecurityPolicy: string, isAppUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  // Pages from the dev server get the header here; the app scheme sets it in its own responses.
  // Anything else (developer tools) is left as it is.
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicy];
    callback({ responseHeaders: headers });
  });
}

/** Opens only http(s) URLs in the system browser. */
export function openInBrowser(shell: Pick<Shell, 'openExternal'>, url: string): Promise<boolean> {
  if (navigationDecision(url, () => false) !== 'open-external') return Promise.resolve(false);
  return shell.openExternal(url).then(
    () => true,
    (error: unknown) => {
      log.warn('the system browser could not open a link', { error: String(error) });
      return false;
    },
  );
}
