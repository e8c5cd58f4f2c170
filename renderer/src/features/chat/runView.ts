import type { FinishReason, ModelRef, PermissionDecision, RunStats, ToolMeta, Usage } from '../../../../shared/agentEvents';
import type { ErrorData } from '../../../../shared/errors';
import type { McpCallInfo } from '../../../../shared/mcp';

/**
 * What the UI shows of one run (one prompt and everything the agent did for
 * it), built from AgentEvents by runReducer.ts or from a stored conversation
 * by conversationToRuns.ts.
 */

/**
 * streaming: the model is still writing the arguments; queued: ready, waiting
 * for an earlier call; stopped: the run ended before this call did.
 */
export type ToolStatus = 'streaming' | 'queued' | 'waiting-permission' | 'running' | 'done' | 'failed' | 'denied' | 'stopped';

export interface PermissionView {
  requestId: string;
  summary: string;
  args: Record<string, unknown>;
  diff?: string;
  program?: string;
  /** A tool of an MCP server: its server, its own name, whether it says it only reads. */
  mcp?: McpCallInfo;
  /** Why this change could not be undone afterwards. */
  notUndoable?: string;
  decision?: PermissionDecision;
  /** A rule or an earlier "allow for this conversation" answered. */
  automatic?: boolean;
}

export interface ToolCallView {
  callId: string;
  name: string;
  /** Exactly what the model sent (grows while streaming). */
  argsText: string;
  /** Parsed arguments once ready; undefined when they were not valid JSON. */
  args?: unknown;
  status: ToolStatus;
  turn: number;
  permission?: PermissionView;
  /** The result as the model saw it (also set for errors). */
  content?: string;
  meta?: ToolMeta;
  error?: ErrorData;
  durationMs?: number;
  /** When it started running, by the renderer's clock (for a live timer). */
  runningSince?: number;
  /** The latest progress a long call reported (an MCP server's). */
  progress?: { progress: number; total?: number; message?: string };
}

export type RunPart =
  | { kind: 'text'; key: string; text: string }
  | { kind: 'reasoning'; key: string; text: string }
  | { kind: 'tool'; key: string; callId: string }
  /** A note for the trace (a tool call written as text that was not run). */
  | { kind: 'notice'; key: string; text: string };

export type RunStatus = 'running' | 'finished' | 'error' | 'aborted';

export interface RunView {
  runId: string;
  conversationId: string;
  prompt: string;
  model: ModelRef;
  workspace?: string;
  /** The project instruction files the run's system prompt took (AGENTS.md …). */
  instructions?: string[];
  startedAt: number;
  status: RunStatus;
  turn: number;
  /** Text, reasoning and tool calls in the order the model produced them. */
  parts: RunPart[];
  tools: Record<string, ToolCallView>;
  /** Call ids in the order they started. */
  toolOrder: string[];
  usage?: Usage;
  stats?: RunStats;
  finishReason?: FinishReason;
  error?: ErrorData;
  /** False for a run rebuilt from stored history. */
  live: boolean;
}

export const FINAL_TOOL_STATUSES: ReadonlySet<ToolStatus> = new Set<ToolStatus>(['done', 'failed', 'denied', 'stopped']);

export function isToolFinal(t: ToolCallView): boolean {
  return FINAL_TOOL_STATUSES.has(t.status);
}

/** The call waiting for the user's answer, if any. */
export function pendingPermission(run: RunView): ToolCallView | undefined {
  if (run.status !== 'running') return undefined;
  for (const id of run.toolOrder) {
    const t = run.tools[id];
    if (t?.status === 'waiting-permission' && t.permission && !t.permission.decision) return t;
  }
  return undefined;
}

/** All text of the run's answer, in order (what "copy answer" copies). */
export function answerText(run: RunView): string {
  return run.parts
    .filter((p): p is Extract<RunPart, { kind: 'text' }> => p.kind === 'text')
    .map((p) => p.text)
    .join('\n\n');
}
