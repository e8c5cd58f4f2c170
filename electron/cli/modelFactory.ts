import { createModel } from '../core/models/createModel';
import { createKeySource } from '../core/models/keySource';
import type { ChatModel } from '../core/models/types';
import { localEndpoints } from '../core/servers/localEndpoints';

/**
 * How the CLI makes models: keys from the environment, local endpoints from
 * $PUNIE_LOCAL_ENDPOINTS or the defaults.
 */
export function cliModelFactory(env: Readonly<Record<string, string | undefined>>): (spec: string, signal: AbortSignal) => Promise<ChatModel> {
  return async (spec, signal) => createModel(spec, { env, keys: createKeySource(env), endpoints: localEndpoints(env) }, signal);
}
