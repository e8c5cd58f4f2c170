/**
 * Where the text shown so far leaves off, as far as tool-call markup cares:
 * at the start of a line or not, inside a fenced code block or not, inside
 * an inline code span or not (an odd number of backticks on the line), and
 * whether the message has shown anything but white space yet. Fed every
 * character that is shown as text, in order.
 */

const enum Fence {
  /** Only up to three spaces so far on this line: a fence may still begin. */
  Indent,
  /** In a run of backticks or tildes at the line's start. */
  Run,
  /** After a run of three or more: the rest of a fence line (info string). */
  AfterRun,
  /** This line is not a fence line. */
  Other,
}

export class LineState {
  /** Nothing but white space on the current line so far. */
  lineBlank = true;
  /** Nothing but white space in the whole message so far. */
  messageBlank = true;
  /** Backticks on the current line so far. */
  private ticks = 0;
  private fence: { char: number; length: number } | undefined;
  private state = Fence.Indent;
  private indent = 0;
  private runChar = 0;
  private runLength = 0;
  /** Something other than white space followed the run on this line. */
  private runInfo = false;

  /** Inside a fenced code block. */
  get inFence(): boolean {
    return this.fence !== undefined;
  }

  /** Inside a code block or an inline code span: markup here is text. */
  get inCode(): boolean {
    return this.fence !== undefined || (this.ticks & 1) === 1;
  }

  /**
   * True when a character that is not special (not `<`, `[`, `{`, a
   * backtick, a tilde or a newline) would change nothing here but these two
   * flags: the caller's fast path may then skip the character loop.
   */
  get settled(): boolean {
    return !this.lineBlank && !this.messageBlank && (this.state === Fence.Other || (this.state === Fence.AfterRun && this.runInfo));
  }

  /** Notes a stretch of plain text (no special characters) that was shown. */
  plain(nonBlank: boolean): void {
    if (!nonBlank) return;
    this.lineBlank = false;
    this.messageBlank = false;
  }

  /** Notes one character shown as text. */
  char(c: number): void {
    if (c === 0x0a) {
      this.endLine();
      return;
    }
    const blank = c === 0x20 || c === 0x09 || c === 0x0d;
    if (!blank) {
      this.lineBlank = false;
      this.messageBlank = false;
    }
    if (c === 0x60) this.ticks++;
    switch (this.state) {
      case Fence.Indent:
        if (c === 0x20) {
          if (++this.indent > 3) this.state = Fence.Other;
        } else if (c === 0x60 || c === 0x7e) {
          this.state = Fence.Run;
          this.runChar = c;
          this.runLength = 1;
        } else if (!blank) this.state = Fence.Other;
        break;
      case Fence.Run:
        if (c === this.runChar) this.runLength++;
        else if (this.runLength >= 3) {
          this.state = Fence.AfterRun;
          this.runInfo = !blank;
        } else this.state = Fence.Other;
        break;
      case Fence.AfterRun:
        if (!blank) this.runInfo = true;
        break;
      case Fence.Other:
        break;
    }
  }

  /** Notes a whole string shown as text. */
  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.char(s.charCodeAt(i));
  }

  /** A line break that is not shown (markup ended): the next text starts a line. */
  breakLine(): void {
    this.endLine();
  }

  private endLine(): void {
    const isFenceLine = (this.state === Fence.Run || this.state === Fence.AfterRun) && this.runLength >= 3;
    if (isFenceLine) {
      if (!this.fence) this.fence = { char: this.runChar, length: this.runLength };
      else if (this.fence.char === this.runChar && this.runLength >= this.fence.length && !this.runInfo) this.fence = undefined;
    }
    this.lineBlank = true;
    this.ticks = 0;
    this.state = Fence.Indent;
    this.indent = 0;
    this.runLength = 0;
    this.runInfo = false;
  }
}
