/**
 * An endpoint as typed in settings, checked and normalised to a base URL
 * ending in /v1 (http or https only, no credentials, query or fragment).
 */
export type EndpointCheck = { ok: true; url: string } | { ok: false; message: string };

export function normaliseEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the server’s address, e.g. http://127.0.0.1:1234/v1' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: 'That is not a valid address.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'Local servers use http:// or https://.' };
  if (url.username || url.password) return { ok: false, message: 'Leave credentials out of the address.' };
  if (url.search || url.hash) return { ok: false, message: 'The address cannot have a query or fragment.' };
  const segments = url.pathname.split('/').filter(Boolean);
  const v1 = segments.indexOf('v1');
  const path = v1 === -1 ? [...segments, 'v1'] : segments.slice(0, v1 + 1);
  return { ok: true, url: `${url.origin}/${path.join('/')}` };
}

/** Moves the item at `index` by `delta` places; the same array when it cannot move. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items.slice();
  const copy = items.slice();
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}
