import type { LoadVia } from '../../../shared/modelLoad';
import type { EndpointStatus } from '../../../shared/serverStatus';

/**
 * How Punie can load, reload and unload models at an endpoint, from what
 * discovery saw there: LM Studio 0.4's REST API; else, for an LM Studio on
 * this machine, its `lms` command when installed; llama-server's router
 * API. Undefined: it cannot (modelLoader says why in one line).
 */
export function loadViaFor(endpoint: Pick<EndpointStatus, 'kind' | 'loadApi' | 'url'>, lmsInstalled: boolean): LoadVia | undefined {
  if (endpoint.kind === 'lmstudio') {
    if (endpoint.loadApi === 'lmstudio-v1') return 'lmstudio-rest';
    return lmsInstalled && isLoopback(endpoint.url) ? 'lms' : undefined;
  }
  if (endpoint.kind === 'llama.cpp' && endpoint.loadApi === 'llama-router') return 'llama-router';
  return undefined;
}

/** Whether a load through this way can choose the context length (llama-server's router loads every model with its own arguments). */
export function canSetContext(via: LoadVia): boolean {
  return via !== 'llama-router';
}

/** Whether a URL's host is this machine. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
