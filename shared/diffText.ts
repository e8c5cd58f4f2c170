/**
 * The note line a diff preview ends with when it does not show the whole
 * change (cut at its size cap, or no diff could be made). A face that finds
 * it shows the full new content, expanded: a long harmless file with a
 * payload at its end is never approved unseen (issue 11, item 8). It starts
 * with a backslash, so unified-diff readers take it as a note, not a line.
 */
export const DIFF_CUT_NOTE = '\\ [not the whole change]';

/** True when the diff shows every changed line: no cut note. */
export function diffIsWhole(diff: string): boolean {
  return !diff.includes(`\n${DIFF_CUT_NOTE}`);
}
