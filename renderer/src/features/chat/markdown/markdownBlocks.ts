/**
 * Splits Markdown into top-level blocks at blank lines outside code fences,
 * so each block can be parsed and rendered on its own: the finished blocks of
 * a growing answer once, and only the last (still growing) block again as it
 * grows. A split is made only where parsing the blocks apart gives what
 * parsing the whole would: a blank line followed by an indented line stays in
 * its block (list continuations, indented code), and so does everything after
 * a blank line inside a list that goes on (loose lists, ordered numbering).
 *
 * While text is still arriving (`complete: false`), a split waits until the
 * line after the blank line is whole, so every block but the last is final:
 * the split of any longer text begins with the same blocks. That is what
 * lets `splitMarkdownBlocksFrom` rescan only the last block.
 */

export interface BlockSplit {
  /** The text that was split. */
  readonly text: string;
  /** The blocks in order; every one but the last is final. */
  readonly blocks: readonly string[];
  /** Where the last block's scan starts in `text` (a boundary outside any fence). */
  readonly tailStart: number;
  /** Whether `text` was taken as whole (its last line finished). */
  readonly complete: boolean;
}

export function splitMarkdownBlocks(text: string, options: { complete?: boolean } = {}): string[] {
  return [...scan(text, 0, options.complete ?? true).blocks];
}

/**
 * The split of `text`, reusing `previous` when `text` only grew from it: the
 * finished blocks are kept and only the last block is scanned again, so a
 * streaming answer costs the length of its last block per update, not of the
 * whole answer.
 */
export function splitMarkdownBlocksFrom(previous: BlockSplit | undefined, text: string, complete: boolean): BlockSplit {
  if (previous && previous.text === text && previous.complete === complete) return previous;
  if (!previous || text.length < previous.text.length || !text.startsWith(previous.text) || (previous.complete && !complete)) {
    return { text, complete, ...scan(text, 0, complete) };
  }
  const tail = scan(text, previous.tailStart, complete);
  return { text, complete, blocks: [...previous.blocks.slice(0, -1), ...tail.blocks], tailStart: tail.tailStart };
}

/**
 * Link reference and footnote definitions (`[id]: url`, `[^1]: note`) apply
 * across blocks, so text holding one must be parsed whole.
 */
export function hasDefinitions(text: string): boolean {
  return DEFINITION.test(text);
}

const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const INDENTED = /^(?: {4}|\t)/;

interface Line {
  text: string;
  start: number;
  /** Ended by a newline (or taken as whole because the text is). */
  whole: boolean;
}

function scan(text: string, from: number, complete: boolean): { blocks: string[]; tailStart: number } {
  const lines = linesOf(text, from, complete);
  const blocks: string[] = [];
  let current: Line[] = [];
  let inList = false;
  let tailStart = from;
  let fence: { char: string; length: number } | undefined;

  // Bounded by the number of lines.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = FENCE.exec(line.text)?.[1];
    if (marker) {
      if (!fence) fence = { char: marker[0]!, length: marker.length };
      else if (marker[0] === fence.char && marker.length >= fence.length && line.text.trim() === marker) fence = undefined;
    }
    const blank = line.text.trim() === '';
    if (blank && !fence && current.length > 0) {
      const next = nextNonBlank(lines, i + 1);
      if (next && next.whole && startsNewBlock(next.text, inList)) {
        blocks.push(joinLines(current));
        current = [];
        inList = false;
        continue;
      }
    }
    if (blank && current.length === 0) continue;
    if (current.length === 0) tailStart = line.start;
    if (!fence && LIST_ITEM.test(line.text)) inList = true;
    current.push(line);
  }
  while (current.length > 0 && current[current.length - 1]!.text.trim() === '') current.pop();
  blocks.push(joinLines(current));
  return { blocks, tailStart };
}

/** After a blank line: a line that neither continues the block (indented) nor goes on with its list. */
function startsNewBlock(next: string, inList: boolean): boolean {
  if (INDENTED.test(next)) return false;
  if (inList && (/^[ \t]/.test(next) || LIST_ITEM.test(next))) return false;
  return true;
}

function linesOf(text: string, from: number, complete: boolean): Line[] {
  const lines: Line[] = [];
  let start = from;
  // Bounded by the text's length: each pass moves past one newline.
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      lines.push({ text: text.slice(start), start, whole: complete });
      return lines;
    }
    lines.push({ text: text.slice(start, end), start, whole: true });
    start = end + 1;
  }
}

function nextNonBlank(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i]!.text.trim() !== '') return lines[i];
  return undefined;
}

function joinLines(lines: Line[]): string {
  return lines.map((l) => l.text).join('\n');
}
