import type { AgentEvent, ModelRef } from '../../../shared/agentEvents';
import { contextStartRunId, runIdOf, type ConversationMessage } from '../../../shared/conversation';
import { modelRef } from '../../../shared/modelRef';
import type { ParsedModelSpec } from '../../../shared/modelSpec';
import { mcpRuleAllows, type McpAllowRule } from '../../../shared/mcp';
import { GATED_TOOLS } from '../../../shared/settings';
import { isAbortError, toErrorData } from '../errors';
import { createLogger } from '../log';
import type { ChatModel } from '../models/types';
import { createToolRegistry, type ToolRegistry } from '../tools/toolRegistry';
import type { Tool, ToolContext } from '../tools/toolTypes';
import type { AgentHistoryPort } from './agentHistoryPort';
import { tokensToChars } from './contextBudget';
import { createPermissionBroker, type PermissionGrants, type PermissionRules } from './permissionBroker';
import { MAX_INSTRUCTION_CHARS, readProjectInstructions, type ProjectInstructions } from './projectInstructions';
import type { Run } from './runRegistry';
import { buildRunMessages } from './runMessages';
import { DEFAULT_MAX_TURNS, runLoop, type TerminalEvent } from './runLoop';

/**
 * One run, from its model being made to its last event: the MCP tools it
 * gets, the project's instructions, the messages fitted to the model's
 * context, the permission broker, then the agent loop. A model that could
 * not be made ends the run at once with its error (after a run-start that
 * names the spec).
 */

const log = createLogger('agent');

export interface AgentSettings {
  permissionRules?: PermissionRules;
  /** Rules that pre-allow an MCP server's tools, or one of them. */
  mcpRules?: readonly McpAllowRule[];
  maxTurns?: number;
  /** Folders tools never touch, even inside the workspace (Punie's data folder). */
  deniedRoots?: readonly string[];
  /** The workspace used when a start names none. */
  workspace?: string;
  /** Variables passed to commands although they would be withheld as secrets. */
  passEnv?: readonly string[];
  /** The user's addition to every system prompt (Settings), before the model preset's. */
  systemPrompt?: string;
}

export interface ExecutionDeps {
  /** Read once, as the run starts (so changes apply to the next run). */
  settings(): AgentSettings;
  registry: ToolRegistry;
  extraTools?(run: { runId: string; conversationId: string; workspace?: string; signal: AbortSignal }): Promise<readonly Tool[]>;
  port: Pick<AgentHistoryPort, 'markTrimmed'>;
  platform: NodeJS.Platform;
  now: () => number;
  clock: () => number;
}

export interface RunExecution {
  run: Run;
  input: { prompt: string; model: ParsedModelSpec };
  /** The branch the run continues. */
  history: ConversationMessage[];
  /** Undefined: a run without a workspace (no tools). */
  tools: ToolContext | undefined;
  modelMade: Promise<ChatModel>;
  emit: (event: AgentEvent) => void;
  /** The conversation's "allow for this conversation" answers. */
  grants: PermissionGrants;
}

export async function executeRun(deps: ExecutionDeps, x: RunExecution): Promise<TerminalEvent> {
  const { run, input, history, tools, modelMade, emit } = x;
  const { clock, now, registry, port } = deps;
  const signal = run.controller.signal;
  const startedClock = clock();
  const settings = deps.settings();
  const workspace = tools?.guard.root;
  // The run follows the last run of the history it continues (its branch); contextFrom is set once the history is fitted.
  const parentRunId = lastRunId(run.conversationId, history);
  let contextFrom: string | undefined;
  let baseTokens: number | undefined;
  const runStart = (model: ModelRef, instructions?: ProjectInstructions) =>
    emit({
      type: 'run-start',
      runId: run.runId,
      conversationId: run.conversationId,
      model,
      prompt: input.prompt,
      ...(workspace === undefined ? {} : { workspace }),
      ...(instructions === undefined ? {} : { instructions: instructions.files }),
      startedAt: run.startedAt,
      ...(parentRunId === undefined ? {} : { parentRunId }),
      ...(contextFrom === undefined ? {} : { contextFrom }),
      ...(baseTokens === undefined ? {} : { baseTokens }),
    });

  const toolsMade: Promise<readonly Tool[]> =
    tools && deps.extraTools
      ? deps.extraTools({ runId: run.runId, conversationId: run.conversationId, ...(workspace === undefined ? {} : { workspace }), signal }).catch((e: unknown) => {
          log.warn('the run goes on without the tools of MCP servers', { error: e instanceof Error ? e.message : String(e) });
          return [];
        })
      : Promise.resolve([]);

  let model: ChatModel;
  try {
    model = await modelMade;
  } catch (e) {
    runStart(modelRef(input.model));
    const durationMs = clock() - startedClock;
    const last: TerminalEvent =
      signal.aborted || isAbortError(e)
        ? { type: 'run-abort', runId: run.runId, partialText: '', stats: { durationMs, turns: 0 } }
        : { type: 'run-error', runId: run.runId, error: toErrorData(e), partialText: '', stats: { durationMs, turns: 0 } };
    emit(last);
    return last;
  }

  const extra = await toolsMade;
  // The project's instructions, at most an eighth of a known context (they sit in every request).
  const instructionChars = model.ref.contextLength ? Math.min(MAX_INSTRUCTION_CHARS, tokensToChars(model.ref.contextLength / 8)) : MAX_INSTRUCTION_CHARS;
  const instructions = tools ? await readProjectInstructions(tools.guard, signal, instructionChars) : undefined;
  const runTools = extra.length > 0 ? createToolRegistry([...registry.list(), ...extra]) : registry;
  const specs = tools ? runTools.specs() : [];
  const mcpAsking = extra.some((t) => t.mcp !== undefined && !mcpRuleAllows(settings.mcpRules, t.mcp.server, t.mcp.tool));
  const built = buildRunMessages({
    ...(workspace === undefined ? {} : { workspace }),
    tools: specs,
    asking: [...GATED_TOOLS.filter((t) => settings.permissionRules?.[t] !== 'allow'), ...(mcpAsking ? ['the tools of MCP servers (named SERVER__TOOL)'] : [])],
    platform: deps.platform,
    today: new Date(now()).toISOString().slice(0, 10),
    history,
    prompt: input.prompt,
    ...(model.ref.contextLength ? { contextLength: model.ref.contextLength } : {}),
    ...(instructions ? { instructions } : {}),
    ...(extraPrompt(settings.systemPrompt, model.preset?.systemPrompt)),
  });
  const { messages, trimmedBefore } = built;
  baseTokens = built.baseTokens;
  // The first run the model was sent; this run itself when every earlier one was left out.
  if (trimmedBefore !== undefined && trimmedBefore > 0) contextFrom = contextStartRunId(run.conversationId, history, trimmedBefore) ?? run.runId;
  if (trimmedBefore !== undefined && port.markTrimmed) {
    await port.markTrimmed(run.conversationId, trimmedBefore, signal).catch((e: unknown) => {
      log.warn('could not mark where history was trimmed', { error: e instanceof Error ? e.message : String(e) });
    });
  }

  runStart(model.ref, instructions);
  run.broker = createPermissionBroker({
    runId: run.runId,
    rules: settings.permissionRules ?? {},
    ...(settings.mcpRules ? { mcpRules: settings.mcpRules } : {}),
    grants: x.grants,
    emit,
  });
  return runLoop({
    runId: run.runId,
    model,
    messages,
    ...(tools ? { tools: { registry: runTools, context: tools } } : {}),
    broker: run.broker,
    emit,
    signal,
    maxTurns: settings.maxTurns ?? DEFAULT_MAX_TURNS,
    clock,
    startedAt: startedClock,
  });
}

/** The user's own system prompt additions: Settings' first, then the model preset's. */
function extraPrompt(fromSettings: string | undefined, fromPreset: string | undefined): { extraSystemPrompt?: string } {
  const parts = [fromSettings, fromPreset].map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  return parts.length > 0 ? { extraSystemPrompt: parts.join('\n\n') } : {};
}

/** The run the last prompt of a history started (what a new run follows). */
export function lastRunId(conversationId: string, history: readonly ConversationMessage[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role === 'user') return runIdOf(conversationId, m);
  }
  return undefined;
}
