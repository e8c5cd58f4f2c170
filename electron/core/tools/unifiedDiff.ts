import { DIFF_CUT_NOTE } from '../../../shared/diffText';
import { diffLineArrays, type LineOp } from './lineDiff';

/** Unchanged lines shown around each change. */
const CONTEXT = 3;

export interface DiffPreview {
  /** Unified diff (`--- a/path`, `+++ b/path`, hunks), cut with a note past `maxChars`. */
  diff: string;
  added: number;
  removed: number;
}

/**
 * A unified diff between a file's old and new text. The line diff takes
 * time in proportion to the files (lineDiff.ts), so every change can be
 * shown, however many lines it touches; only a diff longer than `maxChars`
 * is cut, with a note the faces recognise (they then show the full content).
 */
export async function unifiedDiff(rel: string, oldText: string | undefined, newText: string, maxChars: number): Promise<DiffPreview> {
  const oldName = oldText === undefined ? '/dev/null' : `a/${rel}`;
  const ops = diffLineArrays(lineTokens(oldText ?? ''), lineTokens(newText));
  const { body, added, removed } = formatHunks(ops);
  return { diff: capDiff(`--- ${oldName}\n+++ b/${rel}\n${body}`, maxChars), added, removed };
}

/** A preview with no diff (the old file could not be read as text): the faces show the full content instead. */
export function diffNotShown(rel: string, reason: string): string {
  return `--- a/${rel}\n+++ b/${rel}\n${DIFF_CUT_NOTE} ${reason}\n`;
}

/** Lines with their newline, so a last line without one differs from the same line with one. */
function lineTokens(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function formatHunks(ops: readonly LineOp[]): { body: string; added: number; removed: number } {
  const parts: string[] = [];
  let added = 0;
  let removed = 0;
  // Positions (in ops) of the changes, grouped into hunks whose context would touch.
  let k = 0;
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== 'add') o++;
    if (op.kind !== 'del') n++;
  }
  while (k < ops.length) {
    if (ops[k]!.kind === 'equal') {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend while the next change is within two contexts of the last one.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== 'equal') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === 'equal' && next - end <= 2 * CONTEXT) next++;
      if (next - end <= 2 * CONTEXT && next < ops.length && ops[next]!.kind !== 'equal') {
        end = next;
        continue;
      }
      break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    let oldLen = 0;
    let newLen = 0;
    const lines: string[] = [];
    for (let i = start; i < stop; i++) {
      const op = ops[i]!;
      const sign = op.kind === 'equal' ? ' ' : op.kind === 'del' ? '-' : '+';
      if (op.kind !== 'add') oldLen++;
      if (op.kind !== 'del') newLen++;
      if (op.kind === 'add') added++;
      if (op.kind === 'del') removed++;
      if (op.line.endsWith('\n')) lines.push(sign + op.line);
      else lines.push(`${sign}${op.line}\n\\ No newline at end of file\n`);
    }
    const oldStart = oldLen === 0 ? oldAt[start]! : oldAt[start]! + 1;
    const newStart = newLen === 0 ? newAt[start]! : newAt[start]! + 1;
    parts.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@\n`, ...lines);
    k = stop;
  }
  return { body: parts.join(''), added, removed };
}

function capDiff(patch: string, maxChars: number): string {
  if (patch.length <= maxChars) return patch;
  const cut = patch.lastIndexOf('\n', maxChars);
  const kept = patch.slice(0, cut > 0 ? cut + 1 : maxChars);
  return `${kept}${DIFF_CUT_NOTE} The diff is cut here: ${patch.length - kept.length} more characters. The full content is shown in full.\n`;
}

export function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
