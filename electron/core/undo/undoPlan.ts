import { join } from 'node:path';
import { PunieError } from '../errors';
import { openForRead, removeConfined, writeConfined } from '../tools/confinedFs';
import { looksBinary } from '../tools/textFile';
import { unifiedDiff } from '../tools/unifiedDiff';
import type { WorkspaceGuard } from '../tools/workspaceGuard';
import { sha256, UNDO_MAX_FILE_BYTES, type FileState } from './fileState';
import type { RunFiles } from './runChanges';

/**
 * What undoing (or redoing) a run would do to each file it changed, worked
 * out against the files as they are now, and doing it. Every path goes
 * through the workspace guard at the moment of use: a file or a folder on
 * its way that became a link out of the workspace is left alone, never
 * followed. A file that is no longer as the run left it (the user or a later
 * run changed it) is only overwritten when the caller names it.
 */

/** Most characters of diff shown per file. */
const PLAN_DIFF_CHARS = 50_000;

export interface FilePlan {
  /** Relative to the workspace. */
  path: string;
  /** write: the file gets its earlier text back (or is created again); remove: the run created it, it goes. */
  action: 'write' | 'remove';
  /** Not as the run left it: overwritten only when chosen. */
  changedSince: boolean;
  /** Why this file cannot be put back (its old content was not kept; it now leads outside the workspace). */
  blocked?: string;
  /** The change as a unified diff, from what the file holds now to what it will hold. */
  diff: string;
  /** SHA-256 of the file now (absent: 'absent'), checked again just before the change. */
  now: string;
}

export interface UndoPlan {
  runId: string;
  redo: boolean;
  files: FilePlan[];
}

interface Current {
  state: FileState;
  /** SHA-256 of the bytes, 'absent', or undefined when they could not be read. */
  hash: string | undefined;
  /** Why it could not be read safely. */
  problem?: string;
}

async function readCurrent(guard: WorkspaceGuard, path: string): Promise<Current> {
  let target;
  try {
    target = await guard.resolve(path);
  } catch (e) {
    return { state: { kind: 'not-kept', reason: 'outside' }, hash: undefined, problem: e instanceof PunieError ? e.message : 'it now leads outside the workspace' };
  }
  if (!target.exists) return { state: { kind: 'absent' }, hash: 'absent' };
  try {
    const handle = await openForRead(guard, target.abs, target.rel);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { state: { kind: 'not-kept', reason: 'not a file' }, hash: undefined, problem: `${path} is not a file now` };
      const data = await handle.readFile();
      const hash = sha256(data);
      if (data.length > UNDO_MAX_FILE_BYTES || looksBinary(data)) return { state: { kind: 'not-kept', reason: 'too large or not text' }, hash };
      return { state: { kind: 'text', text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(data) }, hash };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { state: { kind: 'not-kept', reason: 'unreadable' }, hash: undefined, problem: e instanceof PunieError ? e.message : `${path} could not be read` };
  }
}

const hashOf = (s: FileState): string | undefined => (s.kind === 'absent' ? 'absent' : s.kind === 'text' ? sha256(s.text) : undefined);

/** The plan for undoing a run (`redo` false) or making its changes again (`redo` true, after an undo). */
export async function planUndo(guard: WorkspaceGuard, run: RunFiles, redo: boolean): Promise<UndoPlan> {
  if (redo && (!run.undone || !run.lastUndo)) throw new PunieError('conflict', 'This run is not undone, so there is nothing to redo.');
  if (!redo && run.undone) throw new PunieError('conflict', 'This run is already undone.', { hint: 'Redo it first to undo it again.' });
  // Undo: each file back to what it held before the run; it should hold what the run wrote.
  // Redo: each file back to what it held before the undo; it should hold what the undo put back.
  const steps = redo
    ? run.lastUndo!.files.map((f) => ({ path: f.path, target: f.before, expected: hashOf(run.files.get(f.path)?.before ?? { kind: 'absent' }) }))
    : [...run.files].map(([path, f]) => ({ path, target: f.before, expected: f.after as string | undefined }));
  const files: FilePlan[] = [];
  for (const step of steps) {
    const now = await readCurrent(guard, step.path);
    const target = step.target;
    if (now.hash !== undefined && now.hash === hashOf(target)) continue; // already so
    const action = target.kind === 'absent' ? 'remove' : 'write';
    const oldText = now.state.kind === 'text' ? now.state.text : undefined;
    const newText = target.kind === 'text' ? target.text : '';
    const blocked =
      now.problem ??
      (target.kind === 'not-kept' ? `its earlier content was not kept (${target.reason}), so it cannot be put back` : undefined);
    const diff = blocked
      ? ''
      : now.state.kind === 'not-kept'
        ? `--- a/${step.path}\n+++ b/${step.path}\n(Replaces a file that cannot be shown as text.)\n`
        : (await unifiedDiff(step.path, now.state.kind === 'absent' ? undefined : oldText, newText, PLAN_DIFF_CHARS)).diff;
    files.push({
      path: step.path,
      action,
      changedSince: now.hash !== step.expected,
      ...(blocked ? { blocked } : {}),
      diff,
      now: now.hash ?? '',
    });
  }
  return { runId: run.runId, redo, files };
}

export interface AppliedUndo {
  /** Files put back, with what each held just before (for the undo record, so it can be reversed). */
  done: { path: string; before: FileState }[];
  /** Files left as they are, and why. */
  skipped: { path: string; reason: string }[];
}

/**
 * Carries out a plan. A file that changed since the run is skipped unless
 * `overwrite` names it; a file that changed since the plan was made is
 * skipped whatever (the user saw a diff that no longer holds).
 */
export async function applyUndo(guard: WorkspaceGuard, run: RunFiles, plan: UndoPlan, overwrite: ReadonlySet<string>, signal: AbortSignal): Promise<AppliedUndo> {
  const done: AppliedUndo['done'] = [];
  const skipped: AppliedUndo['skipped'] = [];
  const targetOf = (path: string): FileState | undefined =>
    plan.redo ? run.lastUndo?.files.find((f) => f.path === path)?.before : run.files.get(path)?.before;
  for (const file of plan.files) {
    signal.throwIfAborted();
    if (file.blocked) {
      skipped.push({ path: file.path, reason: file.blocked });
      continue;
    }
    if (file.changedSince && !overwrite.has(file.path)) {
      skipped.push({ path: file.path, reason: 'changed since the run; kept as it is' });
      continue;
    }
    const now = await readCurrent(guard, file.path);
    if (now.problem || now.hash !== file.now) {
      skipped.push({ path: file.path, reason: now.problem ?? 'changed while you were deciding; kept as it is' });
      continue;
    }
    const target = targetOf(file.path);
    if (!target || target.kind === 'not-kept') {
      skipped.push({ path: file.path, reason: 'its earlier content was not kept' });
      continue;
    }
    const abs = join(guard.root, file.path);
    try {
      if (target.kind === 'absent') await removeConfined(guard, abs, file.path, signal);
      else await writeConfined(guard, abs, file.path, target.text, signal);
      done.push({ path: file.path, before: now.state });
    } catch (e) {
      skipped.push({ path: file.path, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { done, skipped };
}
