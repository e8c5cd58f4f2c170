import type { ParsedModelSpec } from '../../shared/modelSpec';
import { PunieError } from '../core/errors';
import { checkedModelSpec } from '../core/models/checkedSpec';
import { endpointKey } from './settingsReview';
import type { WorkspaceContext, WorkspacePolicy } from './workspacePolicy';

/**
 * `agent.start` from a window, checked by main: the workspace must be one main
 * allows (workspacePolicy.ts), and a model spec that names a server
 * (`local:http://host:port/v1/model`) must name one of the servers the user
 * configured, so a page cannot send the workspace's files to a server of its
 * own choosing. The spec is parsed here, once: the agent and the model
 * factory take the parsed value this answers.
 */

export interface StartGateDeps {
  workspaces: WorkspacePolicy;
  /** The local servers Punie knows: Settings → Local servers, PUNIE_LOCAL_ENDPOINTS, and Ollama's address. */
  knownServers(signal: AbortSignal): Promise<string[]>;
  /** The workspace a conversation recorded, for continuing it. */
  conversationWorkspace(conversationId: string, signal: AbortSignal): Promise<string | undefined>;
}

export async function checkStart(input: { conversationId?: string; modelSpec: string; workspace?: string }, deps: StartGateDeps, signal: AbortSignal): Promise<ParsedModelSpec> {
  if (input.workspace !== undefined) {
    const { conversationId } = input;
    const context: WorkspaceContext = conversationId === undefined ? {} : { conversationWorkspace: () => deps.conversationWorkspace(conversationId, signal) };
    await deps.workspaces.check(input.workspace, context);
  }
  const parsed = checkedModelSpec(input.modelSpec);
  if (parsed.spec.provider === 'local' && parsed.spec.baseURL !== undefined) {
    const known = new Set((await deps.knownServers(signal)).map(endpointKey));
    if (!known.has(endpointKey(parsed.spec.baseURL))) {
      throw new PunieError('permission-denied', `${parsed.spec.baseURL} is not one of your local servers, so Punie will not send it this conversation.`, {
        hint: 'Add the server in Settings → Local servers first.',
      });
    }
  }
  return parsed;
}
