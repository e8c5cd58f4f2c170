import { DEFAULT_LOCAL_ENDPOINTS } from '../../../shared/modelSpec';
import type { EngineServices } from '../../../electron/main/services';
import { createInMemoryConversations, type InMemoryConversations } from './inMemoryConversations';
import { createScriptedAgent, type ScriptedAgentOptions } from './scriptedAgent';
import { createNoMcp } from './shellPorts';
import { createStaticModelLoads } from './staticModelLoads';
import { createStaticModels, createStaticServers, offlineStatus, type StaticServers } from './staticServers';

/**
 * The engine ports in memory: no servers answer, the `test` model streams a
 * canned reply, conversations live in memory. For tests and the browser host,
 * and the app's engine until the lead composes the real one (composeEngine.ts).
 */
export interface InMemoryEngine extends EngineServices {
  servers: StaticServers;
  conversations: InMemoryConversations;
}

export function createInMemoryEngine(
  options: { endpoints?: readonly string[]; agent?: Omit<ScriptedAgentOptions, 'conversations'> } = {},
): InMemoryEngine {
  const servers = createStaticServers(offlineStatus(options.endpoints ?? DEFAULT_LOCAL_ENDPOINTS));
  const conversations = createInMemoryConversations();
  return {
    servers,
    models: createStaticModels(servers),
    modelLoads: createStaticModelLoads(),
    agent: createScriptedAgent({ ...options.agent, conversations }),
    conversations,
    mcp: createNoMcp(),
  };
}
