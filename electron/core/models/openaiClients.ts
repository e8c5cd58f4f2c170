import OpenAI from 'openai';

/**
 * `openai` SDK clients for the OpenAI-compatible provider. Making one builds
 * every API resource the SDK has (a third of a millisecond, on the path of
 * every run, since each run makes its model), so clients for local servers,
 * which depend on nothing but their options, are kept and shared, a few at
 * most. Clients for OpenAI itself read the environment (OPENAI_ORG_ID,
 * OPENAI_PROJECT_ID) when made, so they are made fresh each time.
 */
export interface ClientOptions {
  baseURL: string;
  apiKey: string;
  flavour: 'local' | 'openai';
  timeoutMs: number;
}

/** Clients kept for local servers; the least recently used goes first. */
const MAX_KEPT = 16;
const kept = new Map<string, OpenAI>();

export function openAIClient(o: ClientOptions): OpenAI {
  if (o.flavour === 'openai') return makeClient(o);
  const key = JSON.stringify([o.baseURL, o.apiKey, o.timeoutMs]);
  const found = kept.get(key);
  if (found) {
    kept.delete(key);
    kept.set(key, found);
    return found;
  }
  const client = makeClient(o);
  kept.set(key, client);
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_KEPT) break;
    kept.delete(oldest);
  }
  return client;
}

function makeClient(o: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseURL,
    // Explicit, so nothing from the environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID) reaches a local server.
    organization: o.flavour === 'openai' ? undefined : null,
    project: o.flavour === 'openai' ? undefined : null,
    maxRetries: 0,
    timeout: o.timeoutMs,
    logLevel: 'off',
  });
}
