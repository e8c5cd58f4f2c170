import { describe, expect, it } from 'vitest';
import { moveItem, normaliseEndpoint } from './endpointUrl';

describe('normaliseEndpoint', () => {
  it('adds the scheme and /v1 where missing', () => {
    expect(normaliseEndpoint('127.0.0.1:1234')).toEqual({ ok: true, url: 'http://127.0.0.1:1234/v1' });
    expect(normaliseEndpoint(' http://localhost:8080/v1/ ')).toEqual({ ok: true, url: 'http://localhost:8080/v1' });
    expect(normaliseEndpoint('https://box.lan/api/v1/models')).toEqual({ ok: true, url: 'https://box.lan/api/v1' });
  });

  it('refuses what is not a local http server address', () => {
    expect(normaliseEndpoint('').ok).toBe(false);
    expect(normaliseEndpoint('ftp://x/v1').ok).toBe(false);
    expect(normaliseEndpoint('http://user:pw@host/v1').ok).toBe(false);
    expect(normaliseEndpoint('http://host/v1?x=1').ok).toBe(false);
    expect(normaliseEndpoint('http://exa mple').ok).toBe(false);
  });
});

describe('moveItem', () => {
  it('swaps neighbours and stays put at the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
