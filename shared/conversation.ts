import { z } from 'zod';
import { finishReasonSchema, modelRefSchema, runStatsSchema, toolMetaSchema } from './agentEvents';
import { errorDataSchema } from './errorData';

/** A tool call as the assistant made it. `argsText` is exactly what the model sent. */
export const toolCallRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  argsText: z.string(),
});
export type ToolCallRecord = z.infer<typeof toolCallRecordSchema>;

export const userMessageSchema = z.object({
  role: z.literal('user'),
  id: z.string(),
  content: z.string(),
  createdAt: z.number(),
  /** The run this prompt started (from its `run-start`), so a view can tell the stored copy of a live run exactly. Absent in older history. */
  runId: z.string().optional(),
  /**
   * The run this prompt follows (its parent): the conversation branches where
   * two prompts share a parent. null: the run starts from nothing (a first
   * prompt edited). Absent in history written before branches: then a prompt
   * follows the run before it in the log.
   */
  parentRunId: z.string().nullable().optional(),
  /** The model as the run resolved it (server kind, context length); absent in older history. */
  modelRef: modelRefSchema.optional(),
  /** The folder the run's tools acted in; absent in older history. */
  workspace: z.string().optional(),
  /** The project instruction files the run's system prompt took (AGENTS.md …). */
  instructions: z.array(z.string()).optional(),
  /** The earliest earlier run the model was sent, when older ones were left out to fit its context. */
  contextFrom: z.string().optional(),
  /** Estimated tokens every request of the run carries besides the conversation: the system message and the tool definitions. */
  baseTokens: z.number().int().nonnegative().optional(),
});

export const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  id: z.string(),
  content: z.string(),
  reasoning: z.string().optional(),
  toolCalls: z.array(toolCallRecordSchema).optional(),
  /** The spec of the model that wrote it. */
  model: z.string().optional(),
  /** The run's model turn it was written in (1 first); absent in older history, where each answer is the next turn. */
  turn: z.number().int().positive().optional(),
  createdAt: z.number(),
  /** complete: finished; partial: still streaming or cut by a crash; aborted / error: the run ended so. */
  status: z.enum(['complete', 'partial', 'aborted', 'error']).optional(),
  finishReason: finishReasonSchema.optional(),
  stats: runStatsSchema.optional(),
  error: errorDataSchema.optional(),
});

export const toolMessageSchema = z.object({
  role: z.literal('tool'),
  id: z.string(),
  toolCallId: z.string(),
  name: z.string(),
  /** What the model saw. */
  content: z.string(),
  isError: z.boolean().optional(),
  denied: z.boolean().optional(),
  /** Why the call failed (code and message); absent in older history. */
  error: errorDataSchema.optional(),
  meta: toolMetaSchema.optional(),
  durationMs: z.number().nonnegative().optional(),
  createdAt: z.number(),
});

export const conversationMessageSchema = z.discriminatedUnion('role', [
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;
export type UserMessage = z.infer<typeof userMessageSchema>;
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
export type ToolMessage = z.infer<typeof toolMessageSchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  model: z.string().optional(),
  workspace: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messageCount: z.number().int().nonnegative(),
  /** A short excerpt for the sidebar. */
  preview: z.string().optional(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const conversationSchema = conversationSummarySchema.extend({
  messages: z.array(conversationMessageSchema),
  /** Index of the first message sent to the model last time, when older ones were trimmed to fit its context. */
  trimmedBefore: z.number().int().nonnegative().optional(),
  /**
   * The run the branch in view ends at, when the user switched to another
   * branch after the latest prompt (a `branch` record); absent: the branch of
   * the latest run (shared/conversationBranches.ts).
   */
  currentRunId: z.string().optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/**
 * The run a stored prompt started: the runId it recorded, or, in older
 * history, one made from the conversation and the message (message ids are
 * only unique within their conversation; run ids are unique everywhere).
 */
export function runIdOf(conversationId: string, m: Pick<UserMessage, 'id' | 'runId'>): string {
  return m.runId ?? `stored:${conversationId}:${m.id}`;
}

/**
 * The run above which "earlier messages were left out" goes: the first run
 * whose prompt is at or after `trimmedBefore` (the index of the first message
 * the model was sent). Undefined when nothing was trimmed or no prompt is past the cut.
 */
export function contextStartRunId(conversationId: string, messages: readonly ConversationMessage[], trimmedBefore: number | undefined): string | undefined {
  if (trimmedBefore === undefined || trimmedBefore <= 0) return undefined;
  for (let i = trimmedBefore; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'user') return runIdOf(conversationId, m);
  }
  return undefined;
}

/** Another Punie process writing a conversation (its lock: electron/core/store/conversationLock.ts). */
export const conversationWriterSchema = z.object({
  pid: z.number().int(),
  host: z.string().max(300),
  /** `app`, `cli` or `acp`. */
  face: z.string().max(40),
  startedAt: z.number(),
});
export type ConversationWriter = z.infer<typeof conversationWriterSchema>;
