/**
 * Splits streaming Markdown into top-level blocks at blank lines outside code
 * fences, so the finished blocks of a growing answer can be rendered once and
 * only the last (still growing) block re-renders each frame. A blank line
 * followed by an indented line stays inside its block (list continuations,
 * indented code).
 */
export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: { char: string; length: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = { char: marker[0]!, length: marker.length };
      else if (marker[0] === fence.char && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    }
    const blank = line.trim() === '';
    if (blank && !fence && current.length > 0) {
      const next = nextNonBlank(lines, i + 1);
      if (next !== undefined && !/^(\s{4}|\t)/.test(next)) {
        blocks.push(current.join('\n'));
        current = [];
        continue;
      }
    }
    if (blank && current.length === 0) continue;
    current.push(line);
  }
  while (current.length > 0 && current[current.length - 1]!.trim() === '') current.pop();
  blocks.push(current.join('\n'));
  return blocks;
}

function nextNonBlank(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() !== '') return lines[i];
  return undefined;
}
