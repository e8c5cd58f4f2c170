import { z } from 'zod';
import { conversationMessageSchema } from '../../../shared/conversation';

/**
 * The records of a conversation log, one JSON object per line. Every record
 * carries the schema version it was written with (`v`); a build reads every
 * version up to RECORD_VERSION (older ones through migrations.ts) and leaves
 * files with newer records untouched.
 */
export const RECORD_VERSION = 1;

const at = z.number();

/** First record of every log: who the conversation is. */
export const metaRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('meta'),
  id: z.string().min(1),
  createdAt: at,
  /** May be empty: the title then comes from the first prompt. */
  title: z.string(),
  model: z.string().optional(),
  workspace: z.string().optional(),
});

/** A whole message: inserted, or replacing the message with the same id. */
export const messageRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('msg'),
  at,
  message: conversationMessageSchema,
});

/** Streamed text appended to an assistant message already in the log. */
export const appendRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('append'),
  at,
  messageId: z.string().min(1),
  content: z.string().optional(),
  reasoning: z.string().optional(),
});

/** The user renamed the conversation. */
export const titleRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('title'),
  at,
  title: z.string().min(1),
});

/** Messages before this index were left out of the model's context last time. */
export const trimRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('trim'),
  at,
  before: z.number().int().nonnegative(),
});

export const logRecordSchema = z.discriminatedUnion('t', [
  metaRecordSchema,
  messageRecordSchema,
  appendRecordSchema,
  titleRecordSchema,
  trimRecordSchema,
]);

export type MetaRecord = z.infer<typeof metaRecordSchema>;
export type MessageRecord = z.infer<typeof messageRecordSchema>;
export type AppendRecord = z.infer<typeof appendRecordSchema>;
export type TitleRecord = z.infer<typeof titleRecordSchema>;
export type TrimRecord = z.infer<typeof trimRecordSchema>;
export type LogRecord = z.infer<typeof logRecordSchema>;

/** A record as the writer builds it: the version is stamped on encoding. */
export type NewRecord = LogRecord extends infer R ? (R extends LogRecord ? Omit<R, 'v'> : never) : never;

/** One record as one line: the unit of every append. */
export function encodeRecord(record: NewRecord): string {
  return JSON.stringify({ v: RECORD_VERSION, ...record }) + '\n';
}
