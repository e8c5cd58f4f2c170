import type { AgentEvent } from '../../shared/agentEvents';
import type { ParsedModelSpec } from '../../shared/modelSpec';
import type { AgentHistoryPort } from '../core/agent/agentHistoryPort';
import { createAgentService } from '../core/agent/agentService';
import type { TerminalEvent } from '../core/agent/runLoop';
import { PunieError } from '../core/errors';
import type { ChatModel } from '../core/models/types';
import type { Tool } from '../core/tools/toolTypes';
import type { PermissionAnswerer } from './permissionPrompt';

export interface AgentAskInput {
  prompt: string;
  spec: ParsedModelSpec;
  /** Absolute path of the folder the tools work in. */
  workspace: string;
  maxTurns: number;
  /** Continue this conversation; omitted: a new one. */
  conversationId?: string;
  /** The run the new one follows (a branch); null: from the start; omitted: after the latest run. */
  parentRunId?: string | null;
}

export interface AgentAskDeps {
  port: AgentHistoryPort;
  createModel(spec: ParsedModelSpec, signal: AbortSignal): Promise<ChatModel>;
  /** Receives every event of the run, in order. */
  print(event: AgentEvent): void;
  answer: PermissionAnswerer;
  /** Folders the tools may never touch (Punie's data folders). */
  deniedRoots: readonly string[];
  /** The environment commands start from (Punie's secrets are removed from it) and the variables passed anyway. */
  env: Readonly<Record<string, string | undefined>>;
  passEnv: readonly string[];
  /** The tools of the MCP servers, asked for when the run starts. */
  extraTools?: (signal: AbortSignal) => Promise<readonly Tool[]>;
  /** Aborted on Ctrl-C: the run stops, a pending permission is denied, the conversation is flushed. */
  signal: AbortSignal;
}

export interface AgentAskResult {
  conversationId: string;
  end: TerminalEvent;
}

/**
 * One `punie ask`: a run of the real agent loop through the agent service,
 * every event to `print`, permission requests to `answer`. Resolves once
 * the run has ended and its conversation is flushed to the port; rejects
 * only when the run cannot start (the conversation cannot be opened, an
 * abort before it began).
 */
export async function askAgent(input: AgentAskInput, deps: AgentAskDeps): Promise<AgentAskResult> {
  const service = createAgentService({
    port: deps.port,
    createModel: deps.createModel,
    settings: () => ({ maxTurns: input.maxTurns, deniedRoots: deps.deniedRoots, workspace: input.workspace, passEnv: deps.passEnv }),
    env: deps.env,
    ...(deps.extraTools ? { extraTools: (run: { signal: AbortSignal }) => deps.extraTools!(run.signal) } : {}),
  });
  // Ends a permission prompt still waiting when the run is over.
  const runOver = new AbortController();
  const promptSignal = AbortSignal.any([deps.signal, runOver.signal]);
  const unsubscribe = service.subscribe((event) => {
    deps.print(event);
    if (event.type === 'permission-request') {
      deps.answer(event, promptSignal).then(
        (decision) => service.answerPermission(event.runId, event.requestId, decision),
        () => service.answerPermission(event.runId, event.requestId, 'deny'),
      );
    }
  });
  try {
    const started = await service.start(
      {
        prompt: input.prompt,
        model: input.spec,
        workspace: input.workspace,
        ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
        ...(input.parentRunId === undefined ? {} : { parentRunId: input.parentRunId }),
      },
      deps.signal,
    );
    const onAbort = () => service.abort(started.runId);
    deps.signal.addEventListener('abort', onAbort, { once: true });
    if (deps.signal.aborted) onAbort();
    try {
      const end = await service.done(started.runId);
      if (!end) throw new PunieError('internal', 'The run ended without a result.');
      return { conversationId: started.conversationId, end };
    } finally {
      deps.signal.removeEventListener('abort', onAbort);
    }
  } finally {
    runOver.abort();
    unsubscribe();
    await service.dispose();
  }
}
