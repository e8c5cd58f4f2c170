import { diffIsWhole } from '../../../../shared/diffText';

/** A unified diff as lines to render: file headers, hunk headers, context, additions, deletions. */
export type DiffLine =
  | { kind: 'file'; text: string }
  | { kind: 'hunk'; text: string }
  | { kind: 'add' | 'del' | 'context'; text: string; oldLine?: number; newLine?: number }
  | { kind: 'note'; text: string };

export interface ParsedDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

const MAX_LINES = 5_000;

/**
 * True when the diff, as DiffView shows it, has every changed line: Punie
 * did not cut it (shared/diffText.ts) and it fits the lines shown. When it
 * is not, the permission card opens the full content (issue 11, item 8).
 */
export function diffShowsWholeChange(diff: string): boolean {
  if (!diffIsWhole(diff)) return false;
  let lines = 0;
  for (let at = diff.indexOf('\n'); at !== -1 && at < diff.length - 1; at = diff.indexOf('\n', at + 1)) {
    if (++lines >= MAX_LINES) return false;
  }
  return true;
}

export function parseUnifiedDiff(diff: string): ParsedDiff {
  const out: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  let oldLine = 0;
  let newLine = 0;
  const raw = diff.replace(/\n$/, '').split('\n');
  for (const line of raw.slice(0, MAX_LINES)) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) {
      out.push({ kind: 'file', text: line });
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      out.push({ kind: 'hunk', text: line });
      continue;
    }
    if (line.startsWith('+')) {
      added++;
      out.push({ kind: 'add', text: line.slice(1), newLine: newLine++ });
    } else if (line.startsWith('-')) {
      removed++;
      out.push({ kind: 'del', text: line.slice(1), oldLine: oldLine++ });
    } else if (line.startsWith(' ')) {
      out.push({ kind: 'context', text: line.slice(1), oldLine: oldLine++, newLine: newLine++ });
    } else if (line.startsWith('\\')) {
      out.push({ kind: 'note', text: line.slice(1).trim() });
    } else if (line.startsWith('Index:') || line.startsWith('====') || line.startsWith('diff ')) {
      continue;
    } else {
      out.push({ kind: 'context', text: line, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  if (raw.length > MAX_LINES) out.push({ kind: 'note', text: `${raw.length - MAX_LINES} more lines not shown` });
  return { lines: out, added, removed };
}
