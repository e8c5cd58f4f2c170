import { DEFAULT_LOCAL_ENDPOINTS, parseModelSpec } from '../../../shared/modelSpec';
import { PunieError } from '../errors';

/** Normalises an endpoint the way model specs do: scheme and host lower-case, ending in /v1. */
export function normaliseEndpoint(url: string): string {
  const parsed = parseModelSpec(`local:${url.trim()}`);
  if (!parsed.ok || parsed.spec.provider !== 'local' || parsed.spec.baseURL === undefined || parsed.spec.model !== undefined) {
    throw new PunieError('invalid-input', `"${url}" is not a local server URL. Use http://host:port/v1.`);
  }
  return parsed.spec.baseURL;
}

/**
 * The local endpoints probed, in order: `$PUNIE_LOCAL_ENDPOINTS`
 * (comma-separated) when set, else the configured list, else the defaults
 * (LM Studio's 1234, then 8080 for mlx-lm.server and llama.cpp).
 */
export function localEndpoints(env: Readonly<Record<string, string | undefined>>, configured?: readonly string[]): string[] {
  const fromEnv = env.PUNIE_LOCAL_ENDPOINTS?.trim();
  const list = fromEnv ? fromEnv.split(',').map((s) => s.trim()).filter((s) => s !== '') : configured?.length ? configured : DEFAULT_LOCAL_ENDPOINTS;
  return [...new Set(list.map(normaliseEndpoint))];
}
