import type { AgentEvent } from '../../../shared/agentEvents';
import type { AssistantMessage, ToolMessage, UserMessage } from '../../../shared/conversation';
import type { NewRecord } from './records';

export interface RecorderDeps {
  now: () => number;
  newId: () => string;
}

export interface Step {
  /** Records to append now, in order, as one write. */
  records: NewRecord[];
  /** Whether that write should also reach the disk (fdatasync). */
  sync: boolean;
  /** Streamed text is waiting for a timed commit (see drain). */
  pendingText: boolean;
  /** The run ended: nothing more will come for it. */
  finished: boolean;
}

interface Answer {
  message: AssistantMessage;
  /** Whether a whole `msg` record for it is in the log (later text goes as `append`). */
  written: boolean;
  pendingContent: string;
  pendingReasoning: string;
}

/**
 * Turns one conversation's AgentEvents into log records. Pure bookkeeping, no
 * I/O: the caller writes what each step returns and calls `drain` on a timer
 * to commit streamed text.
 *
 * run-start → the user message (with the runId); text and reasoning deltas → the assistant
 * message of the current turn (a new one after each turn-start), committed as
 * `append` records; tool-call-ready → that message's tool calls; tool-result
 * and tool-error → tool messages; run-finish, run-error and run-abort → the
 * last assistant message's final status, finish reason, stats and error.
 */
export class RunRecorder {
  private runId: string | undefined;
  private model: string | undefined;
  private turn = 1;
  private answer: Answer | undefined;

  constructor(private readonly deps: RecorderDeps) {}

  /** The run being recorded, if one is under way. */
  get activeRun(): string | undefined {
    return this.runId;
  }

  apply(event: AgentEvent): Step {
    if (event.type === 'run-start') {
      // A run that never ended (its loop died) keeps its answer as partial.
      const records = this.drain();
      this.runId = event.runId;
      this.model = event.model.spec;
      this.turn = 1;
      this.answer = undefined;
      // The runId lets a face match this stored prompt to the live run exactly.
      const prompt: UserMessage = { role: 'user', id: this.deps.newId(), content: event.prompt, createdAt: event.startedAt, runId: event.runId, modelRef: event.model };
      // What the run-start said, so a replay of the log says it again (runReplay.ts).
      // null: a run that follows none (a first prompt, or one edited back to the start), told apart from older history.
      prompt.parentRunId = event.parentRunId ?? null;
      if (event.workspace !== undefined) prompt.workspace = event.workspace;
      if (event.contextFrom !== undefined) prompt.contextFrom = event.contextFrom;
      if (event.baseTokens !== undefined) prompt.baseTokens = event.baseTokens;
      if (event.instructions?.length) prompt.instructions = [...event.instructions];
      records.push(msg(this.deps.now(), prompt));
      return step(records, true);
    }
    if (event.runId !== this.runId) return step([], false);

    switch (event.type) {
      case 'text-delta':
      case 'reasoning-delta': {
        if (!event.delta) return step([], false);
        const a = this.ensureAnswer();
        if (event.type === 'text-delta') {
          a.message.content += event.delta;
          a.pendingContent += event.delta;
        } else {
          a.message.reasoning = (a.message.reasoning ?? '') + event.delta;
          a.pendingReasoning += event.delta;
        }
        return { records: [], sync: false, pendingText: true, finished: false };
      }
      case 'tool-call-ready': {
        const a = this.ensureAnswer();
        a.message.toolCalls = [...(a.message.toolCalls ?? []), { id: event.callId, name: event.name, argsText: event.argsText }];
        return step([this.whole(a)], false);
      }
      case 'tool-result':
      case 'tool-error': {
        const records = this.drain();
        const tool: ToolMessage = {
          role: 'tool',
          id: this.deps.newId(),
          toolCallId: event.callId,
          name: event.name,
          content: event.content,
          durationMs: event.durationMs,
          createdAt: this.deps.now(),
        };
        if (event.meta) tool.meta = event.meta;
        if (event.type === 'tool-error') {
          tool.isError = true;
          tool.error = event.error;
          if (event.denied) tool.denied = true;
        }
        records.push(msg(this.deps.now(), tool));
        return step(records, true);
      }
      case 'turn-start': {
        this.turn = event.turn;
        const a = this.answer;
        if (!a) return step([], false);
        this.answer = undefined;
        a.message.status = 'complete';
        if (a.message.toolCalls?.length) a.message.finishReason = 'tool-calls';
        return step([this.whole(a)], true);
      }
      case 'run-finish':
      case 'run-error':
      case 'run-abort': {
        const fallback = event.type === 'run-finish' ? event.text : event.partialText;
        const a = this.ensureAnswer();
        if (!a.message.content && fallback) a.message.content = fallback;
        if (event.type === 'run-finish') {
          a.message.status = 'complete';
          a.message.finishReason = event.finishReason;
        } else {
          a.message.status = event.type === 'run-error' ? 'error' : 'aborted';
          if (event.type === 'run-error') a.message.error = event.error;
        }
        if (event.stats) a.message.stats = event.stats;
        const records = [this.whole(a)];
        this.runId = undefined;
        this.model = undefined;
        this.answer = undefined;
        return { records, sync: true, pendingText: false, finished: true };
      }
      default:
        // tool-call-start, args deltas, permissions, usage: shown live, not history.
        return step([], false);
    }
  }

  /** Streamed text not yet in the log, as records (empty when there is none). */
  drain(): NewRecord[] {
    const a = this.answer;
    if (!a || (!a.pendingContent && !a.pendingReasoning)) return [];
    if (!a.written) return [this.whole(a)];
    const record: NewRecord = { t: 'append', at: this.deps.now(), messageId: a.message.id };
    if (a.pendingContent) record.content = a.pendingContent;
    if (a.pendingReasoning) record.reasoning = a.pendingReasoning;
    a.pendingContent = '';
    a.pendingReasoning = '';
    return [record];
  }

  /** A write failed: the next commit of the answer rewrites it whole rather than appending to what may be missing. */
  forgetWritten(): void {
    if (this.answer) this.answer.written = false;
  }

  private ensureAnswer(): Answer {
    if (!this.answer) {
      const message: AssistantMessage = { role: 'assistant', id: this.deps.newId(), content: '', createdAt: this.deps.now(), status: 'partial' };
      if (this.model !== undefined) message.model = this.model;
      // A turn with no output writes nothing: the turn number keeps the replay's count true.
      message.turn = this.turn;
      this.answer = { message, written: false, pendingContent: '', pendingReasoning: '' };
    }
    return this.answer;
  }

  /** The whole answer as one record; it carries all streamed text so far. */
  private whole(a: Answer): NewRecord {
    a.written = true;
    a.pendingContent = '';
    a.pendingReasoning = '';
    return msg(this.deps.now(), { ...a.message, ...(a.message.toolCalls && { toolCalls: [...a.message.toolCalls] }) });
  }
}

function msg(at: number, message: AssistantMessage | ToolMessage | UserMessage): NewRecord {
  return { t: 'msg', at, message };
}

function step(records: NewRecord[], sync: boolean): Step {
  return { records, sync, pendingText: false, finished: false };
}
