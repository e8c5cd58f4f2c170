import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, isPermissionAllowed, navigationDecision } from './webContentsPolicy';

const isApp = (url: string) => url.startsWith('punie://app/');

describe('web contents policy', () => {
  it('keeps pages inside the app, sends web links to the browser, refuses the rest', () => {
    expect(navigationDecision('punie://app/index.html', isApp)).toBe('allow');
    expect(navigationDecision('https://example.com/docs', isApp)).toBe('open-external');
    expect(navigationDecision('http://localhost:1234/v1', isApp)).toBe('open-external');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'punie://other/x', 'smb://host/share', 'https://', 'nonsense']) {
      expect(navigationDecision(url, isApp), url).toBe('deny');
    }
  });

  it('allows only notifications and clipboard writes', () => {
    expect(isPermissionAllowed('notifications')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midi', 'usb', 'hid', 'serial', 'pointerLock', 'display-capture']) {
      expect(isPermissionAllowed(p), p).toBe(false);
    }
  });

  it('has a strict policy: no inline or eval script, no network, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(devContentSecurityPolicy('http://localhost:5173')).toContain('ws://localhost:5173');
  });
});
