import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What a file held, as undo keeps it: nothing, this text, or something not
 * kept (too large, not text), which makes the change not undoable.
 */
export const fileStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absent') }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('not-kept'), reason: z.string() }),
]);
export type FileState = z.infer<typeof fileStateSchema>;

/** A file over this is recorded as not undoable (its old text is not copied into the conversation's log). */
export const UNDO_MAX_FILE_BYTES = 1_000_000;

/** What a run is about to do to one file: its state before, and the SHA-256 of the text the run writes. */
export interface FileChange {
  /** Relative to the workspace. */
  path: string;
  before: FileState;
  after: string;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).digest('hex');
}

/** The state to record for a file whose old text is `text` (undefined: absent), or a note why there is none. */
export function stateBefore(exists: boolean, text: string | undefined, note: string | undefined): FileState {
  if (!exists) return { kind: 'absent' };
  if (text === undefined) return { kind: 'not-kept', reason: note ?? 'not a text file' };
  if (Buffer.byteLength(text, 'utf8') > UNDO_MAX_FILE_BYTES) return { kind: 'not-kept', reason: `larger than ${UNDO_MAX_FILE_BYTES / 1_000_000} MB` };
  return { kind: 'text', text };
}
