/**
 * A child process's output as lines, bounded in memory, that tests can wait
 * on. Line numbers are absolute (they keep counting after old lines are
 * dropped), so a test can take a `mark()` before an action and wait only for
 * lines printed after it.
 */
export class LogBuffer {
  private readonly lines: string[] = [];
  /** Absolute number of lines[0]. */
  private first = 0;
  /** Unterminated last line, per stream, so two streams never mix within a line. */
  private readonly partials = new Map<string, string>();
  private chars = 0;
  private ended = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly maxChars = 8 * 1024 * 1024) {}

  /** Appends output of one stream (say stdout or stderr); complete lines become visible at once. */
  push(chunk: string, stream = 'out'): void {
    const parts = ((this.partials.get(stream) ?? '') + chunk).split(/\r?\n/);
    this.partials.set(stream, parts.pop() ?? '');
    for (const line of parts) this.addLine(line);
    if (parts.length > 0) this.notify();
  }

  /** The process has exited: keeps unterminated last lines, and wakes waiters so they can fail. */
  end(): void {
    for (const partial of this.partials.values()) if (partial) this.addLine(partial);
    this.partials.clear();
    this.ended = true;
    this.notify();
  }

  /** The absolute number of the next line to arrive. */
  mark(): number {
    return this.first + this.lines.length;
  }

  /** Every complete line still held, as text. */
  text(): string {
    return this.lines.join('\n');
  }

  /** The last `n` lines held, for error messages. */
  tail(n: number): string {
    return this.lines.slice(-n).join('\n');
  }

  /** The first held line numbered `since` or later that matches. */
  find(re: RegExp, since = 0): { line: string; match: RegExpExecArray } | undefined {
    const matcher = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    for (let i = Math.max(0, since - this.first); i < this.lines.length; i++) {
      const line = this.lines[i] as string;
      const match = matcher.exec(line);
      if (match) return { line, match };
    }
    return undefined;
  }

  /**
   * Resolves with the first line numbered `since` or later that matches;
   * rejects after `timeoutMs`, when the stream ends without a match, or on abort.
   */
  waitFor(re: RegExp, timeoutMs: number, since = 0, signal?: AbortSignal): Promise<{ line: string; match: RegExpExecArray }> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        this.waiters.delete(check);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const check = (): void => {
        const found = this.find(re, since);
        if (found) {
          done();
          resolve(found);
        } else if (this.ended) {
          done();
          reject(new Error(`The process exited before printing a line matching ${re}. Last lines:\n${this.tail(20)}`));
        }
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason instanceof Error ? signal.reason : new Error('Aborted.'));
      };
      if (signal?.aborted) return onAbort();
      this.waiters.add(check);
      timer = setTimeout(() => {
        done();
        reject(new Error(`No line matching ${re} within ${timeoutMs} ms. Last lines:\n${this.tail(20)}`));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }

  private addLine(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
    // Bounded: drop the oldest half once over the cap.
    if (this.chars > this.maxChars) {
      const drop = Math.ceil(this.lines.length / 2);
      for (const old of this.lines.splice(0, drop)) this.chars -= old.length + 1;
      this.first += drop;
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
