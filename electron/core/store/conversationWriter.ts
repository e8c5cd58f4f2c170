import type { AgentEvent } from '../../../shared/agentEvents';
import { LogAppender } from './logAppender';
import { encodeRecord, type NewRecord } from './records';
import { RunRecorder, type RecorderDeps } from './runRecorder';

export interface WriterOptions extends RecorderDeps {
  /** Longest time streamed text waits before it is appended (default 500 ms). */
  commitIntervalMs: number;
  /** Called when a write fails; the writer carries on with the next one. */
  onError: (error: unknown) => void;
}

/**
 * Records one conversation's runs into its log as they happen: every record
 * that ends a step (the prompt, a tool result, the end of a run) is written at
 * once; streamed text is gathered and appended at most `commitIntervalMs`
 * after it arrived, so a crash loses at most that much of an answer.
 */
export class ConversationWriter {
  private readonly recorder: RunRecorder;
  private readonly appender: LogAppender;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    path: string,
    private readonly options: WriterOptions,
  ) {
    this.recorder = new RunRecorder(options);
    this.appender = new LogAppender(path);
  }

  /** A run is under way, or text waits for its commit. */
  get busy(): boolean {
    return this.recorder.activeRun !== undefined || this.timer !== undefined;
  }

  record(event: AgentEvent): { finished: boolean } {
    const step = this.recorder.apply(event);
    if (step.records.length) {
      this.cancelTimer();
      this.write(step.records, step.sync);
    }
    if (step.pendingText && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.write(this.recorder.drain(), false);
      }, this.options.commitIntervalMs);
    }
    return { finished: step.finished };
  }

  /** Appends any waiting text and resolves once everything written so far is on disk. Never rejects. */
  async flush(): Promise<void> {
    this.cancelTimer();
    const records = this.recorder.drain();
    if (records.length) this.write(records, true);
    else await this.appender.sync().catch((e: unknown) => this.options.onError(e));
    await this.appender.idle();
  }

  /** Appends records outside a run (a rename, a trim marker) in order with the run's own. */
  appendNow(records: NewRecord[]): Promise<void> {
    return this.appender.append(records.map(encodeRecord).join(''), { sync: true });
  }

  /** Waits for queued writes, without forcing waiting text out. */
  idle(): Promise<void> {
    return this.appender.idle();
  }

  /** Flushes and releases the file. */
  async close(): Promise<void> {
    await this.flush();
    await this.appender.close().catch(() => undefined);
  }

  /** Releases the file handle once the queue is empty (between runs). */
  release(): Promise<void> {
    return this.appender.close().catch(() => undefined);
  }

  private write(records: NewRecord[], sync: boolean): void {
    if (!records.length) return;
    this.appender.append(records.map(encodeRecord).join(''), { sync }).catch((e: unknown) => {
      this.recorder.forgetWritten();
      this.options.onError(e);
    });
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
