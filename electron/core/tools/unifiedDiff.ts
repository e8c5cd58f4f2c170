import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';

/** Time the diff may take before the preview falls back to a summary. */
const DIFF_TIMEOUT_MS = 2_000;

export interface DiffPreview {
  /** Unified diff (`--- a/path`, `+++ b/path`, hunks), cut with a note past `maxChars`. */
  diff: string;
  added: number;
  removed: number;
}

/**
 * A unified diff between a file's old and new text, computed asynchronously
 * so a large file does not block the process; when it would take too long,
 * a one-line summary stands in for it.
 */
export function unifiedDiff(rel: string, oldText: string | undefined, newText: string, maxChars: number): Promise<DiffPreview> {
  const oldName = oldText === undefined ? '/dev/null' : `a/${rel}`;
  return new Promise((resolve) => {
    createTwoFilesPatch(oldName, `b/${rel}`, oldText ?? '', newText, undefined, undefined, {
      context: 3,
      timeout: DIFF_TIMEOUT_MS,
      headerOptions: FILE_HEADERS_ONLY,
      callback: (patch) => {
        if (patch === undefined) {
          const before = oldText === undefined ? 0 : countLines(oldText);
          resolve({
            diff: `--- ${oldName}\n+++ b/${rel}\n(The change is too large to show as a diff: ${before} lines before, ${countLines(newText)} after.)\n`,
            added: countLines(newText),
            removed: before,
          });
          return;
        }
        resolve({ diff: capDiff(patch, maxChars), ...countChanges(patch) });
      },
    });
  });
}

function countChanges(patch: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) removed++;
  }
  return { added, removed };
}

function capDiff(patch: string, maxChars: number): string {
  if (patch.length <= maxChars) return patch;
  const cut = patch.lastIndexOf('\n', maxChars);
  const kept = patch.slice(0, cut > 0 ? cut + 1 : maxChars);
  return `${kept}[… the diff is cut here: ${patch.length - kept.length} more characters …]\n`;
}

export function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
