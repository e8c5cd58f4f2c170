import type { SessionUpdate } from '@agentclientprotocol/sdk';

/**
 * The session's updates on their way to the editor, in order. Text and
 * thought chunks that arrive within one turn of the event loop (a burst of
 * tokens from one network read) travel as one chunk; anything else goes
 * out after what came before it. The first chunk of a burst leaves on the
 * next turn of the loop, so coalescing adds no wait to the first token.
 */
export class UpdateOutbox {
  private pending: SessionUpdate[] = [];
  private scheduled = false;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly send: (update: SessionUpdate) => Promise<void>) {}

  push(update: SessionUpdate): void {
    const prev = this.pending.at(-1);
    if (prev && isChunk(update) && prev.sessionUpdate === update.sessionUpdate && isChunk(prev) && prev.content.type === 'text' && update.content.type === 'text') {
      this.pending[this.pending.length - 1] = { ...prev, content: { type: 'text', text: prev.content.text + update.content.text } };
    } else {
      this.pending.push(update);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is waiting now (before a request that must follow it). */
  flush(): void {
    this.scheduled = false;
    const out = this.pending;
    if (out.length === 0) return;
    this.pending = [];
    for (const update of out) this.last = this.send(update);
  }

  /** Resolves once everything pushed so far has been written. */
  async drained(): Promise<void> {
    this.flush();
    await this.last;
  }
}

type Chunk = Extract<SessionUpdate, { sessionUpdate: 'agent_message_chunk' | 'agent_thought_chunk' }>;

function isChunk(update: SessionUpdate): update is Chunk {
  return update.sessionUpdate === 'agent_message_chunk' || update.sessionUpdate === 'agent_thought_chunk';
}
