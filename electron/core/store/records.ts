import { z } from 'zod';
import { conversationMessageSchema } from '../../../shared/conversation';
import { fileStateSchema } from '../undo/fileState';

/**
 * The records of a conversation log, one JSON object per line. Every record
 * carries the schema version it was written with (`v`); a build reads every
 * version up to RECORD_VERSION (older ones through migrations.ts) and leaves
 * files with newer records untouched.
 */
export const RECORD_VERSION = 3;

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

/** The user picked the conversation's folder again (it had moved): its tools act there from now on. Version 2. */
export const workspaceRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('workspace'),
  at,
  workspace: z.string().min(1),
});


/**
 * A run is about to change a file (written before the change): its previous
 * state, and the SHA-256 of the text the run writes (so undo can tell a file
 * changed since). `path` is relative to the conversation's workspace. Version 2.
 */
export const changeRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('change'),
  at,
  runId: z.string().min(1),
  path: z.string().min(1),
  before: fileStateSchema,
  after: z.string(),
});

/**
 * The files of a run were put back (`redo: false`) or its changes made again
 * (`redo: true`); `files` holds what each file held just before, so the step
 * can itself be reversed. Version 2.
 */
export const undoRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('undo'),
  at,
  runId: z.string().min(1),
  redo: z.boolean(),
  files: z.array(z.object({ path: z.string().min(1), before: fileStateSchema })),
});

/**
 * The user switched the conversation to another branch: the branch in view
 * ends at `runId` (shared/conversationBranches.ts), until a later prompt
 * starts a run of its own. The last one wins. Version 3.
 */
export const branchRecordSchema = z.object({
  v: z.number().int().positive(),
  t: z.literal('branch'),
  at,
  runId: z.string().min(1),
});

export const logRecordSchema = z.discriminatedUnion('t', [
  metaRecordSchema,
  messageRecordSchema,
  appendRecordSchema,
  titleRecordSchema,
  trimRecordSchema,
  workspaceRecordSchema,
  changeRecordSchema,
  undoRecordSchema,
  branchRecordSchema,
]);

export type MetaRecord = z.infer<typeof metaRecordSchema>;
export type MessageRecord = z.infer<typeof messageRecordSchema>;
export type AppendRecord = z.infer<typeof appendRecordSchema>;
export type TitleRecord = z.infer<typeof titleRecordSchema>;
export type TrimRecord = z.infer<typeof trimRecordSchema>;
export type WorkspaceRecord = z.infer<typeof workspaceRecordSchema>;
export type ChangeRecord = z.infer<typeof changeRecordSchema>;
export type UndoRecord = z.infer<typeof undoRecordSchema>;
export type BranchRecord = z.infer<typeof branchRecordSchema>;
export type LogRecord = z.infer<typeof logRecordSchema>;

/** A record as the writer builds it: the version is stamped on encoding. */
export type NewRecord = LogRecord extends infer R ? (R extends LogRecord ? Omit<R, 'v'> : never) : never;

/**
 * The version each record is written at: the first version that knows its
 * type. A log that uses nothing new stays readable by older builds; one with
 * a newer record is left alone by them (FORMAT.md, "Versions").
 */
const WRITTEN_AT: Readonly<Partial<Record<LogRecord['t'], number>>> = { workspace: 2, change: 2, undo: 2, branch: 3 };

/** One record as one line: the unit of every append. */
export function encodeRecord(record: NewRecord): string {
  return JSON.stringify({ v: WRITTEN_AT[record.t] ?? 1, ...record }) + '\n';
}
