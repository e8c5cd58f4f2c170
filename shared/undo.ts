import { z } from 'zod';

/** A run that changed files, as the faces show it (electron/core/undo/undoService.ts). */
export const runUndoStateSchema = z.object({
  runId: z.string(),
  /** 1 = the conversation's first prompt. */
  number: z.number().int().positive(),
  prompt: z.string(),
  /** Files it changed. */
  files: z.number().int().nonnegative(),
  /** Of those, files whose earlier content was not kept (too large, not text). */
  notUndoable: z.number().int().nonnegative(),
  /** Commands it ran: their effects are not undone. */
  commands: z.number().int().nonnegative(),
  undone: z.boolean(),
});
export type RunUndoState = z.infer<typeof runUndoStateSchema>;

export const filePlanSchema = z.object({
  path: z.string(),
  action: z.enum(['write', 'remove']),
  /** Not as the run left it (the user or a later run changed it): put back only when chosen. */
  changedSince: z.boolean(),
  /** Why it cannot be put back. */
  blocked: z.string().optional(),
  /** From what the file holds now to what it will hold. */
  diff: z.string(),
  /** The file's hash now, handed back with the choice so a file that changes meanwhile is left alone. */
  now: z.string(),
});
export type FilePlan = z.infer<typeof filePlanSchema>;

export const undoPlanSchema = z.object({
  conversationId: z.string(),
  workspace: z.string(),
  run: runUndoStateSchema,
  redo: z.boolean(),
  files: z.array(filePlanSchema),
});
export type UndoPlanView = z.infer<typeof undoPlanSchema>;

export const undoResultSchema = z.object({
  done: z.array(z.object({ path: z.string() })),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
