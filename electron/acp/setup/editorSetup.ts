import { copyFile, readFile } from 'node:fs/promises';
import { PunieError } from '../../core/errors';
import { writeFileAtomic } from '../../core/atomicFile';
import { EDITOR_NAMES, configPath, type AgentLaunch, type Editor, type Place } from './editorConfig';
import { entrySnippet, planSetupText, type SetupChange } from './setupPlan';

/**
 * `punie acp setup` and the app's "Use Punie in your editor": reads the
 * editor's config file, plans Punie's entry, and (unless only printing)
 * writes it: the old file is copied to `<file>.punie-backup` first, the new
 * one replaces it atomically, and a file changed since it was read is not
 * overwritten. A file that cannot be parsed is left alone and the error
 * says where it fails and what to paste by hand.
 */

export interface SetupReport {
  editor: Editor;
  path: string;
  change: SetupChange;
  /** The entry as it reads in the file (for people to check or paste). */
  snippet: string;
  /** Where the previous file was copied, when one was changed. */
  backup?: string;
  /** False when only printed (`--print`) or nothing changed. */
  written: boolean;
}

export async function setupEditor(editor: Editor, launch: AgentLaunch, place: Place, options: { write: boolean }): Promise<SetupReport> {
  const path = configPath(editor, place);
  const existing = await readFile(path, 'utf8').catch((e: unknown) => {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new PunieError('internal', `Could not read ${path}: ${e instanceof Error ? e.message : String(e)}.`);
  });
  const snippet = entrySnippet(editor, launch);
  const plan = planSetupText(existing, editor, launch);
  if (!plan.ok) {
    throw new PunieError('invalid-input', `${path} (the ${EDITOR_NAMES[editor]} configuration) could not be parsed (${plan.reason}), so it was left unchanged.`, {
      hint: `Fix the file, or add this to it by hand:\n${snippet}`,
    });
  }
  const report: SetupReport = { editor, path, change: plan.change, snippet, written: false };
  if (!options.write || plan.change === 'unchanged') return report;

  const now = await readFile(path, 'utf8').catch(() => undefined);
  if (now !== existing) throw new PunieError('conflict', `${path} changed while Punie was updating it; nothing was written. Try again.`);
  if (existing !== undefined) {
    report.backup = `${path}.punie-backup`;
    await copyFile(path, report.backup);
  }
  await writeFileAtomic(path, plan.text, new AbortController().signal, { createFolders: true, mode: 'keep' }).catch((e: unknown) => {
    throw new PunieError('internal', `Could not write ${path}: ${e instanceof Error ? e.message : String(e)}.`, { hint: 'Check the folder’s permissions, or add the entry by hand.' });
  });
  report.written = true;
  return report;
}
