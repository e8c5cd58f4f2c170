import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageUrl, resolveAppAsset } from './appPages';

const root = join('/opt', 'punie', 'out', 'renderer');

describe('app pages', () => {
  it('names the two pages on the app origin', () => {
    expect(pageUrl('index')).toBe('punie://app/index.html');
    expect(pageUrl('quick', 'http://localhost:5173/')).toBe('http://localhost:5173/quick.html');
  });

  it('maps app URLs to files under the renderer folder with a content type', () => {
    expect(resolveAppAsset(root, 'punie://app/index.html')).toEqual({ ok: true, filePath: join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(root, 'punie://app/')).toMatchObject({ ok: true, filePath: join(root, 'index.html') });
    expect(resolveAppAsset(root, 'punie://app/assets/index-abc.js?x=1#y')).toMatchObject({
      ok: true,
      filePath: join(root, 'assets', 'index-abc.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppAsset(root, 'punie://app/assets/a%20b.css')).toMatchObject({ ok: true, filePath: join(root, 'assets', 'a b.css') });
  });

  it.each(['punie://app/../secrets.json', 'punie://app/%2e%2e/%2e%2e/etc/passwd', 'punie://app/assets/../../x.js'])(
    'never leaves the folder for %s (the URL parser folds the dots)',
    (url) => {
      const r = resolveAppAsset(root, url);
      if (r.ok) expect(r.filePath.startsWith(root + sep)).toBe(true);
    },
  );

  it.each([
    'punie://app/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    'punie://app/..%5C..%5Cwindows',
    'punie://app/a%00b',
    'punie://other/index.html',
    'file:///etc/passwd',
    'https://app/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url).ok).toBe(false);
  });

  it('refuses a malformed URL', () => {
    expect(resolveAppAsset(root, 'punie://app/%E0%A4%A')).toEqual({ ok: false, status: 400 });
  });
});
