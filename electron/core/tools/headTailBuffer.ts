/**
 * Keeps the start and the end of a stream of text within a character cap,
 * counting what fell in between: a command's first lines (what it was doing)
 * and its last lines (how it ended) are what matter.
 */
export class HeadTailBuffer {
  private head = '';
  private tail: string[] = [];
  private tailChars = 0;
  private total = 0;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(maxChars: number) {
    this.headMax = Math.ceil(maxChars / 2);
    this.tailMax = Math.max(0, maxChars - this.headMax);
  }

  push(text: string): void {
    this.total += text.length;
    if (this.head.length < this.headMax) {
      const room = this.headMax - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text === '' || this.tailMax === 0) return;
    this.tail.push(text);
    this.tailChars += text.length;
    while (this.tail.length > 1 && this.tailChars - (this.tail[0]?.length ?? 0) >= this.tailMax) {
      this.tailChars -= this.tail.shift()?.length ?? 0;
    }
  }

  /** Characters received in all. */
  get totalChars(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.headMax + this.tailMax;
  }

  toString(): string {
    const tail = this.tail.join('');
    if (!this.truncated) return this.head + tail;
    const keptTail = tail.slice(tail.length - this.tailMax);
    const cut = this.total - this.head.length - keptTail.length;
    return `${this.head}\n[… ${cut} characters cut from the middle of the output …]\n${keptTail}`;
  }
}
