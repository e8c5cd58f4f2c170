import { OLLAMA_BASE_URL } from '../../../shared/modelSpec';

const DEFAULT_PORT = '11434';

/**
 * Where Ollama's OpenAI-compatible API is: `$OLLAMA_HOST` read the way
 * Ollama's own client reads it (`host`, `host:port`, `:port`, or a URL with
 * `http`/`https`; a missing port is 11434 without a scheme, else the scheme's),
 * with the bind-all address `0.0.0.0` (or `::`) meaning this machine.
 * Unset, blank or unreadable: http://127.0.0.1:11434/v1.
 */
export function ollamaBaseURL(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env.OLLAMA_HOST?.trim();
  if (!raw) return OLLAMA_BASE_URL;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'http';
  if (scheme !== 'http' && scheme !== 'https') return OLLAMA_BASE_URL;
  const defaultPort = !schemeMatch ? DEFAULT_PORT : scheme === 'https' ? '443' : '80';
  const rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');

  let host: string;
  let port: string;
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(hostPort);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2] || defaultPort;
  } else if ((hostPort.match(/:/g) ?? []).length > 1) {
    // A bare IPv6 address, without a port.
    host = hostPort;
    port = defaultPort;
  } else {
    const [h, p] = hostPort.split(':') as [string, string | undefined];
    host = h;
    port = p || defaultPort;
  }
  if (host === '' || host === '0.0.0.0' || host === '::') host = '127.0.0.1';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) port = defaultPort;
  try {
    const url = new URL(`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
    const base = url.href.replace(/\/+$/, '');
    return base.endsWith('/v1') ? base : `${base}/v1`;
  } catch {
    return OLLAMA_BASE_URL;
  }
}
