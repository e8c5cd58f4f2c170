import { describe, expect, it } from 'vitest';
import { routes } from './routes';

describe('route schemas', () => {
  it('settings.set takes a patch and fills in no defaults', () => {
    expect(routes['settings.set'].input.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(() => routes['settings.set'].input.parse({ apiKey: 'x' })).toThrow();
  });

  it('app.openExternal accepts only http(s) links', () => {
    expect(routes['app.openExternal'].input.safeParse({ url: 'https://example.com' }).success).toBe(true);
    expect(routes['app.openExternal'].input.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
    expect(routes['app.openExternal'].input.safeParse({ url: 'javascript:alert(1)' }).success).toBe(false);
  });
});
