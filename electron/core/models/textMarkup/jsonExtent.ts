/**
 * Finds where one JSON object or array ends in text that arrives piece by
 * piece, without parsing it again for every piece: it keeps its place
 * (bracket depth, inside a string, after a backslash) between calls, so a
 * value of a megabyte streamed a token at a time costs one pass. It only
 * balances brackets outside strings; whether the value is valid JSON is for
 * JSON.parse to say once it is whole.
 */
export class JsonExtent {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;

  /**
   * Reads `text` from `from` (the first character read must be `{` or `[`
   * on the first call). Returns the index just after the value's closing
   * bracket, or -1 when the value is not closed yet (call again with more
   * text, from where this call stopped: `text.length`). Returns -2 when the
   * text cannot be a JSON object or array (it does not start with one).
   */
  feed(text: string, from: number): number {
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!this.started) {
        if (c !== 0x7b && c !== 0x5b) return -2;
        this.started = true;
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) return i + 1;
      }
    }
    return -1;
  }
}
