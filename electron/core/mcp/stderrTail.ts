import { stripVTControlCharacters } from 'node:util';
import { clipText } from '../../../shared/text';

/**
 * The last lines a server wrote on stderr, for the settings list and
 * `punie mcp list` when it fails. Bounded (lines and characters per line),
 * a line repeated at once kept once with its count, and inert: terminal escapes are removed and any other control character
 * is replaced, so a server cannot redraw a terminal or smuggle markup.
 */

export const STDERR_TAIL_LINES = 20;
const MAX_LINE_CHARS = 500;
/** A partial line longer than this is cut into a line of its own. */
const MAX_PENDING_CHARS = 4_000;

export class StderrTail {
  private readonly lines: { text: string; repeats: number }[] = [];
  private pending = '';

  constructor(private readonly maxLines = STDERR_TAIL_LINES) {}

  push(text: string): void {
    const parts = (this.pending + text).split(/\r?\n/);
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    if (this.pending.length > MAX_PENDING_CHARS) {
      this.add(this.pending);
      this.pending = '';
    }
  }

  /** The kept lines, with a last unfinished line. */
  snapshot(): string[] {
    const lines = this.lines.map((l) => (l.repeats > 1 ? `${l.text}  (×${l.repeats})` : l.text));
    const last = inert(this.pending);
    return last.trim() === '' ? lines : [...lines, last].slice(-this.maxLines);
  }

  clear(): void {
    this.lines.length = 0;
    this.pending = '';
  }

  private add(line: string): void {
    const clean = inert(line);
    if (clean.trim() === '') return;
    // A server restarted a few times says the same thing each time: once, counted.
    const previous = this.lines.at(-1);
    if (previous?.text === clean) {
      previous.repeats += 1;
      return;
    }
    this.lines.push({ text: clean, repeats: 1 });
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}

/** Text a server wrote, safe to show: no escapes, no control characters but tab; cut to a line's length. */
export function inert(text: string): string {
  const clean = stripVTControlCharacters(text).replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\uFFFD');
  return clipText(clean, MAX_LINE_CHARS);
}
