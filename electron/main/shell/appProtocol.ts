import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, resolveAppAsset } from '../appPages';

/**
 * Serves the built renderer on `punie://app/` with the Content-Security-Policy
 * as a response header. Register the scheme before the app is ready; serve it
 * once it is.
 */

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: relative URLs and a real origin; secure: a secure context (the clipboard API needs one).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveAppProtocol(session: Session, rendererDir: string, contentSecurityPolicy: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppAsset(rendererDir, request.url);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      const body = await readFile(resolved.filePath);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': resolved.mimeType,
          'content-security-policy': contentSecurityPolicy,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
