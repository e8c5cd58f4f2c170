import { z } from 'zod';

/**
 * "Use Punie in your editor": what setting up an editor's ACP configuration
 * would do or did, as the app's Settings shows it. Main computes it (and
 * decides the command the editor will run); the renderer only names the
 * editor.
 */

export const editorIdSchema = z.enum(['zed', 'jetbrains']);
export type EditorId = z.infer<typeof editorIdSchema>;

export const editorSetupViewSchema = z.object({
  editor: editorIdSchema,
  /** "Zed", "JetBrains IDEs". */
  name: z.string(),
  /** The configuration file. */
  path: z.string(),
  /** What writing it would do (or did): create the file, add the entry, update it, or nothing. */
  change: z.enum(['create', 'add', 'update', 'unchanged']).optional(),
  /** The entry as it reads in the file, to copy by hand. */
  snippet: z.string(),
  /** Why the file cannot be changed (it does not parse), in words. */
  problem: z.string().optional(),
  /** Set after a write: where the previous file was copied. */
  backup: z.string().optional(),
  written: z.boolean().optional(),
});
export type EditorSetupView = z.infer<typeof editorSetupViewSchema>;
