/** Start indexes of non-overlapping occurrences of `needle` in `text`, at most `max`. */
export function findOccurrences(text: string, needle: string, max: number): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let from = 0; found.length < max; ) {
    const i = text.indexOf(needle, from);
    if (i < 0) break;
    found.push(i);
    from = i + needle.length;
  }
  return found;
}

/** 1-based line number of a character index. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Lines of text compared after trimming their ends and collapsing inner spaces. */
function squash(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** Bound on line comparisons, so a hint never costs much on a big file. */
const MAX_COMPARISONS = 2_000_000;

/**
 * The 1-based line where `needle` appears when spacing and indentation are
 * ignored (a hint for a model that copied text loosely), or undefined.
 */
export function findLoose(text: string, needle: string): number | undefined {
  const want = needle.split(/\r?\n/).map(squash);
  while (want.length > 0 && want[0] === '') want.shift();
  while (want.length > 0 && want[want.length - 1] === '') want.pop();
  if (want.length === 0) return undefined;
  const have = text.split(/\r?\n/).map(squash);
  let comparisons = 0;
  for (let start = 0; start + want.length <= have.length; start++) {
    let k = 0;
    while (k < want.length && have[start + k] === want[k]) k++;
    comparisons += k + 1;
    if (k === want.length) return start + 1;
    if (comparisons > MAX_COMPARISONS) return undefined;
  }
  return undefined;
}
