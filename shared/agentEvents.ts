import { z } from 'zod';
import { contextSourceSchema } from './contextSourceSchema';
import { errorDataSchema } from './errorData';
import { mcpCallInfoSchema } from './mcp';

/**
 * The events a run emits, in order, each tagged with its runId. Every face
 * (renderer, quick ask, CLI) renders runs from these and nothing else.
 *
 * Ordering guarantees:
 * - `run-start` is first; exactly one of `run-finish`, `run-error`, `run-abort` is last.
 * - A tool call goes `tool-call-start` → `tool-call-args-delta`* → `tool-call-ready`
 *   → (`permission-request`)? → `tool-progress`* → `tool-result` | `tool-error`.
 * - Text and tool calls interleave in the order the model produced them; a new
 *   model turn begins after the last tool result of the previous one (`turn-start`).
 */

export const modelRefSchema = z.object({
  /** The spec as the user wrote it (`local:`, `openai:gpt-4.1`, …). */
  spec: z.string(),
  /** Provider family: test, local, openai, anthropic, ollama. */
  provider: z.enum(['test', 'local', 'openai', 'anthropic', 'ollama']),
  /** The model id actually sent to the server. */
  modelId: z.string(),
  /** Base URL for OpenAI-compatible providers. */
  baseURL: z.string().optional(),
  /** For local servers: which kind answered (lmstudio, mlx-lm, llama.cpp, …). */
  serverKind: z.string().optional(),
  /** Context window in tokens when known: what the model is loaded with, or will load with (`contextSource` says which). */
  contextLength: z.number().int().positive().optional(),
  contextSource: contextSourceSchema.optional(),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  totalTokens: z.number().int().nonnegative().optional(),
});
export type Usage = z.infer<typeof usageSchema>;

export const runStatsSchema = z.object({
  /** Milliseconds from the request to the first text or reasoning delta of the run. */
  ttftMs: z.number().nonnegative().optional(),
  /** Output tokens per second while generating (after the first token). */
  tokensPerSecond: z.number().nonnegative().optional(),
  durationMs: z.number().nonnegative(),
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  /** Number of model turns (requests) in the run. */
  turns: z.number().int().nonnegative(),
});
export type RunStats = z.infer<typeof runStatsSchema>;

/** Extra, display-only facts about a tool outcome. The model only sees `content`. */
export const toolMetaSchema = z.object({
  path: z.string().optional(),
  truncated: z.boolean().optional(),
  bytes: z.number().int().nonnegative().optional(),
  lines: z.number().int().nonnegative().optional(),
  diff: z.string().optional(),
  created: z.boolean().optional(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  timedOut: z.boolean().optional(),
  /** run_command: what the command started that Punie could not stop (pids when known, and a sentence saying so). */
  notStopped: z.object({ pids: z.array(z.number().int()).max(50), note: z.string().max(1_000) }).optional(),
  matches: z.number().int().nonnegative().optional(),
  files: z.number().int().nonnegative().optional(),
  /** A tool of an MCP server: the server and the tool's name there. */
  mcp: z.object({ server: z.string(), tool: z.string() }).optional(),
});
export type ToolMeta = z.infer<typeof toolMetaSchema>;

export const finishReasonSchema = z.enum(['stop', 'length', 'tool-calls', 'content-filter', 'other']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const permissionDecisionSchema = z.enum(['once', 'conversation', 'deny']);
export type PermissionDecision = z.infer<typeof permissionDecisionSchema>;

const base = { runId: z.string() };

export const agentEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run-start'),
    conversationId: z.string(),
    model: modelRefSchema,
    prompt: z.string(),
    workspace: z.string().optional(),
    /** The project instruction files that went into the system prompt (AGENTS.md …), relative to the workspace. */
    instructions: z.array(z.string()).optional(),
    startedAt: z.number(),
    /** The run this one follows in its conversation: it answers on that run's branch (absent: the first run). */
    parentRunId: z.string().optional(),
    /** The earliest earlier run the model was sent, when older ones were left out to fit its context. */
    contextFrom: z.string().optional(),
    /** Estimated tokens every request of the run carries besides the conversation: the system message and the tool definitions. */
    baseTokens: z.number().int().nonnegative().optional(),
  }),
  z.object({ ...base, type: z.literal('turn-start'), turn: z.number().int().positive() }),
  z.object({ ...base, type: z.literal('text-delta'), delta: z.string() }),
  z.object({ ...base, type: z.literal('reasoning-delta'), delta: z.string() }),
  z.object({ ...base, type: z.literal('tool-call-start'), callId: z.string(), name: z.string() }),
  z.object({ ...base, type: z.literal('tool-call-args-delta'), callId: z.string(), delta: z.string() }),
  z.object({
    ...base,
    type: z.literal('tool-call-ready'),
    callId: z.string(),
    name: z.string(),
    /** Parsed arguments, or undefined when they were not valid JSON. */
    args: z.unknown(),
    argsText: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('permission-request'),
    requestId: z.string(),
    callId: z.string(),
    tool: z.string(),
    /** The full arguments, never truncated. */
    args: z.record(z.string(), z.unknown()),
    /** One line for a title: "Write src/app.ts", "Run npm test". */
    summary: z.string(),
    /** Unified diff for writes and edits. */
    diff: z.string().optional(),
    /** For run_command: the program, which "allow for this conversation" remembers. */
    program: z.string().optional(),
    /** For a tool of an MCP server: the server, the tool's own name, whether it says it only reads. */
    mcp: mcpCallInfoSchema.optional(),
    /** Why this change could not be undone afterwards (the file is too large or not text, so its content is not kept). */
    notUndoable: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('permission-resolved'),
    requestId: z.string(),
    callId: z.string(),
    decision: permissionDecisionSchema,
    /** True when a rule or an earlier "allow for this conversation" answered. */
    automatic: z.boolean().optional(),
  }),
  z.object({
    ...base,
    /** A running call's progress (an MCP server's notifications/progress), at most a few a second. */
    type: z.literal('tool-progress'),
    callId: z.string(),
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('tool-result'),
    callId: z.string(),
    name: z.string(),
    /** What the model sees. */
    content: z.string(),
    meta: toolMetaSchema.optional(),
    durationMs: z.number().nonnegative(),
  }),
  z.object({
    ...base,
    type: z.literal('tool-error'),
    callId: z.string(),
    name: z.string(),
    error: errorDataSchema,
    /** What the model sees. */
    content: z.string(),
    meta: toolMetaSchema.optional(),
    denied: z.boolean().optional(),
    durationMs: z.number().nonnegative(),
  }),
  z.object({ ...base, type: z.literal('usage'), usage: usageSchema }),
  /**
   * A note for the trace that is neither text nor a tool call, e.g. a tool
   * call the model wrote as text that could not be run (its text is shown as
   * written). Live only: history keeps the text, not the note.
   */
  z.object({ ...base, type: z.literal('notice'), code: z.enum(['tool-call-text-rejected']), message: z.string() }),
  z.object({
    ...base,
    type: z.literal('run-finish'),
    finishReason: finishReasonSchema,
    /** The final answer's text (the last turn). */
    text: z.string(),
    stats: runStatsSchema,
  }),
  z.object({
    ...base,
    type: z.literal('run-error'),
    error: errorDataSchema,
    /** Text received before the failure; kept, never thrown away. */
    partialText: z.string(),
    stats: runStatsSchema.optional(),
  }),
  z.object({
    ...base,
    type: z.literal('run-abort'),
    partialText: z.string(),
    stats: runStatsSchema.optional(),
  }),
]);

export type AgentEvent = z.infer<typeof agentEventSchema>;
export type AgentEventType = AgentEvent['type'];
export type AgentEventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

/** A run's last event is one of these. */
export function isTerminalEvent(e: AgentEvent): e is AgentEventOf<'run-finish' | 'run-error' | 'run-abort'> {
  return e.type === 'run-finish' || e.type === 'run-error' || e.type === 'run-abort';
}

/** Deltas are the only events a sink may coalesce. */
export function isDeltaEvent(e: AgentEvent): e is AgentEventOf<'text-delta' | 'reasoning-delta' | 'tool-call-args-delta'> {
  return e.type === 'text-delta' || e.type === 'reasoning-delta' || e.type === 'tool-call-args-delta';
}
