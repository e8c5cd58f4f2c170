import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/**
 * Punie serves its pages from its own scheme (`punie://app/index.html`), not
 * from file:// (Electron's security checklist, item 18): the pages get a real
 * origin the router can check, and every response carries the CSP header.
 * This file is the pure part: the scheme's names and the mapping from a
 * request URL to a file under the built renderer folder.
 */

export const APP_SCHEME = 'punie';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type PageName = 'index' | 'quick';

export function pageUrl(page: PageName, base: string = APP_ORIGIN): string {
  return `${base.replace(/\/+$/, '')}/${page}.html`;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 ? MIME_TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

export type AssetResolution = { ok: true; filePath: string; mimeType: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps `punie://app/<path>` to a file under `rootDir`. Anything that would
 * leave the folder (`..`, encoded separators, absolute paths), another host,
 * or a malformed URL is refused.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 403 };
  const relativePath = path.replace(/^\/+/, '') || 'index.html';
  const filePath = normalize(join(rootDir, relativePath));
  const inside = relative(rootDir, filePath);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return { ok: false, status: 403 };
  return { ok: true, filePath, mimeType: mimeTypeOf(filePath) };
}
