import { z } from 'zod';
import { finishReasonSchema, runStatsSchema, toolMetaSchema } from './agentEvents';
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
});

export const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  id: z.string(),
  content: z.string(),
  reasoning: z.string().optional(),
  toolCalls: z.array(toolCallRecordSchema).optional(),
  /** The spec of the model that wrote it. */
  model: z.string().optional(),
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
});
export type Conversation = z.infer<typeof conversationSchema>;
