import { z } from 'zod';
import { finishReasonSchema, modelRefSchema, permissionDecisionSchema, runStatsSchema, toolMetaSchema, usageSchema } from './agentEvents';
import { errorDataSchema } from './errorData';
import { mcpCallInfoSchema } from './mcp';

/**
 * What a face shows of one run (one prompt and everything the agent did for
 * it). The one reducer (runReducer.ts) builds it from AgentEvents, live or
 * replayed from stored history (electron/core/store/runReplay.ts), so a run
 * looks the same however it reached the face. The schemas check it where it
 * crosses IPC (`conversations.get`).
 */

/**
 * streaming: the model is still writing the arguments; queued: ready, waiting
 * for an earlier call; stopped: the run ended before this call did.
 */
export const toolStatusSchema = z.enum(['streaming', 'queued', 'waiting-permission', 'running', 'done', 'failed', 'denied', 'stopped']);
export type ToolStatus = z.infer<typeof toolStatusSchema>;

export const permissionViewSchema = z.object({
  requestId: z.string(),
  summary: z.string(),
  args: z.record(z.string(), z.unknown()),
  diff: z.string().optional(),
  program: z.string().optional(),
  /** A tool of an MCP server: its server, its own name, whether it says it only reads. */
  mcp: mcpCallInfoSchema.optional(),
  /** Why this change could not be undone afterwards. */
  notUndoable: z.string().optional(),
  decision: permissionDecisionSchema.optional(),
  /** A rule or an earlier "allow for this conversation" answered. */
  automatic: z.boolean().optional(),
});
export type PermissionView = z.infer<typeof permissionViewSchema>;

export const toolCallViewSchema = z.object({
  callId: z.string(),
  name: z.string(),
  /** Exactly what the model sent (grows while streaming). */
  argsText: z.string(),
  /** Parsed arguments once ready; undefined when they were not valid JSON. */
  args: z.unknown().optional(),
  status: toolStatusSchema,
  turn: z.number(),
  permission: permissionViewSchema.optional(),
  /** The result as the model saw it (also set for errors). */
  content: z.string().optional(),
  meta: toolMetaSchema.optional(),
  error: errorDataSchema.optional(),
  durationMs: z.number().optional(),
  /** When it started running, by the face's clock (for a live timer). */
  runningSince: z.number().optional(),
  /** The latest progress a long call reported (an MCP server's). */
  progress: z.object({ progress: z.number(), total: z.number().optional(), message: z.string().optional() }).optional(),
});
export type ToolCallView = z.infer<typeof toolCallViewSchema>;

export const runPartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), key: z.string(), text: z.string() }),
  z.object({ kind: z.literal('reasoning'), key: z.string(), text: z.string() }),
  z.object({ kind: z.literal('tool'), key: z.string(), callId: z.string() }),
  /** A note for the trace (a tool call written as text that was not run). */
  z.object({ kind: z.literal('notice'), key: z.string(), text: z.string() }),
]);
export type RunPart = z.infer<typeof runPartSchema>;

export const runStatusSchema = z.enum(['running', 'finished', 'error', 'aborted']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runViewSchema = z.object({
  runId: z.string(),
  conversationId: z.string(),
  prompt: z.string(),
  model: modelRefSchema,
  workspace: z.string().optional(),
  /** The project instruction files the run's system prompt took (AGENTS.md …). */
  instructions: z.array(z.string()).optional(),
  /** The run this one follows in its conversation (absent: the first, or older history without branches). */
  parentRunId: z.string().optional(),
  /** The earliest run the model was sent this time, when older ones were left out to fit its context. */
  contextFrom: z.string().optional(),
  /** Estimated tokens every request of the run carries besides the conversation: the system message and the tool definitions. */
  baseTokens: z.number().int().nonnegative().optional(),
  startedAt: z.number(),
  status: runStatusSchema,
  turn: z.number(),
  /** Text, reasoning and tool calls in the order the model produced them. */
  parts: z.array(runPartSchema),
  tools: z.record(z.string(), toolCallViewSchema),
  /** Call ids in the order they started. */
  toolOrder: z.array(z.string()),
  usage: usageSchema.optional(),
  stats: runStatsSchema.optional(),
  finishReason: finishReasonSchema.optional(),
  error: errorDataSchema.optional(),
  /** False for a run rebuilt from stored history. */
  live: z.boolean(),
});
export type RunView = z.infer<typeof runViewSchema>;

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
