import type { AgentEvent } from '../../../shared/agentEvents';
import type { AssistantMessage, ConversationMessage } from '../../../shared/conversation';

/**
 * Folds a conversation's AgentEvents into its messages, the way history
 * keeps them: `run-start` adds the user message; each turn's text, reasoning
 * and tool calls make one assistant message; each tool result or error a
 * tool message; the run's last event sets the answer's status. An assistant
 * message with nothing in it (an empty turn) is left out.
 *
 * Text arrives a token at a time: the open answer keeps its pieces in a
 * list and its `content` is brought up to date when the answer closes or
 * `settle()` is called (before reading `messages` mid-run).
 */
export class ConversationBuilder {
  readonly messages: ConversationMessage[];
  private runId: string | undefined;
  private model: string | undefined;
  private answer: AssistantMessage | undefined;
  private turn = 1;
  /** Text of the open answer not yet in its `content`. */
  private pieces: string[] = [];

  constructor(
    messages: ConversationMessage[],
    private readonly deps: { now: () => number; newId: () => string },
  ) {
    this.messages = messages;
  }

  apply(event: AgentEvent): void {
    if (event.type === 'run-start') {
      this.closeAnswer('partial');
      this.runId = event.runId;
      this.model = event.model.spec;
      this.turn = 1;
      // What the run-start said, as the store's RunRecorder keeps it (a replay says it again).
      this.messages.push({
        role: 'user',
        id: this.deps.newId(),
        content: event.prompt,
        createdAt: event.startedAt,
        runId: event.runId,
        modelRef: event.model,
        parentRunId: event.parentRunId ?? null,
        ...(event.workspace === undefined ? {} : { workspace: event.workspace }),
        ...(event.contextFrom === undefined ? {} : { contextFrom: event.contextFrom }),
        ...(event.instructions?.length ? { instructions: [...event.instructions] } : {}),
      });
      return;
    }
    if (event.runId !== this.runId) return;
    switch (event.type) {
      case 'turn-start':
        this.closeAnswer('complete');
        this.turn = event.turn;
        return;
      case 'text-delta':
        this.ensureAnswer();
        this.pieces.push(event.delta);
        return;
      case 'reasoning-delta': {
        const a = this.ensureAnswer();
        a.reasoning = (a.reasoning ?? '') + event.delta;
        return;
      }
      case 'tool-call-ready': {
        const a = this.ensureAnswer();
        a.toolCalls = [...(a.toolCalls ?? []), { id: event.callId, name: event.name, argsText: event.argsText }];
        a.finishReason = 'tool-calls';
        return;
      }
      case 'tool-result':
      case 'tool-error':
        this.messages.push({
          role: 'tool',
          id: this.deps.newId(),
          toolCallId: event.callId,
          name: event.name,
          content: event.content,
          ...(event.type === 'tool-error' ? { isError: true, error: event.error } : {}),
          ...(event.type === 'tool-error' && event.denied ? { denied: true } : {}),
          ...(event.meta ? { meta: event.meta } : {}),
          durationMs: event.durationMs,
          createdAt: this.deps.now(),
        });
        return;
      case 'run-finish':
      case 'run-error':
      case 'run-abort': {
        const a = this.ensureAnswer();
        this.settle();
        const fallback = event.type === 'run-finish' ? event.text : event.partialText;
        if (!a.content && fallback) a.content = fallback;
        if (event.stats) a.stats = event.stats;
        if (event.type === 'run-finish') a.finishReason = event.finishReason;
        if (event.type === 'run-error') a.error = event.error;
        this.closeAnswer(event.type === 'run-finish' ? 'complete' : event.type === 'run-error' ? 'error' : 'aborted');
        this.runId = undefined;
        return;
      }
      default:
        // Call starts, argument deltas, permissions and usage are live-only.
        return;
    }
  }

  /** Brings the open answer's `content` up to date with the text received so far. */
  settle(): void {
    const a = this.answer;
    if (!a || this.pieces.length === 0) return;
    a.content += this.pieces.join('');
    this.pieces = [];
  }

  private ensureAnswer(): AssistantMessage {
    if (!this.answer) {
      this.answer = { role: 'assistant', id: this.deps.newId(), content: '', createdAt: this.deps.now(), status: 'partial' };
      if (this.model !== undefined) this.answer.model = this.model;
      this.answer.turn = this.turn;
      this.messages.push(this.answer);
    }
    return this.answer;
  }

  private closeAnswer(status: NonNullable<AssistantMessage['status']>): void {
    this.settle();
    const a = this.answer;
    this.answer = undefined;
    if (!a) return;
    a.status = status;
    const empty = !a.content && !a.reasoning && !a.toolCalls?.length && !a.error;
    if (empty) {
      const at = this.messages.lastIndexOf(a);
      if (at >= 0) this.messages.splice(at, 1);
    }
  }
}
