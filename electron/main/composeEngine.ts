import type { Logger } from '../core/log';
import type { KeySource } from '../core/models/types';
import { createInMemoryEngine } from './fakes/inMemoryEngine';
import type { EngineServices, SettingsPort } from './services';

/**
 * The composition root for the engine: builds the engine ports (servers,
 * models, agent, conversations) that main's handlers use, from what the shell
 * provides. The Electron app (electronApp.ts) calls it once the app is ready;
 * the browser host may call it in plain Node.
 *
 * INTEGRATION: until the lead wires in discovery (electron/core/servers), the
 * agent service (electron/core/agent) with createModel (electron/core/models)
 * and the history store (electron/core/store), this returns the in-memory
 * engine: no servers, the `test` model only, conversations in memory.
 */

export interface EngineDeps {
  /** Electron's userData (or $PUNIE_HOME for the CLI): where history lives. */
  dataDir: string;
  /** Endpoints, permission rules and maxTurns live here; subscribe to follow changes. */
  settings: SettingsPort;
  /** API keys: environment first, then keys saved in Settings. Never for local servers. */
  keys: KeySource;
  /** Aborted when the app quits. */
  signal: AbortSignal;
  log: Logger;
}

export interface ComposedEngine extends EngineServices {
  /** Stops watchers and flushes history; the app waits for it (bounded) before quitting. */
  dispose(): Promise<void>;
}

/** The shape of the composition function (the app passes `composeEngine`; tests may pass another). */
export type ComposeEngine = (deps: EngineDeps) => Promise<ComposedEngine>;

export async function composeEngine(deps: EngineDeps): Promise<ComposedEngine> {
  deps.signal.throwIfAborted();
  const engine = createInMemoryEngine({ endpoints: deps.settings.get().endpoints });
  return { ...engine, dispose: async () => {} };
}
