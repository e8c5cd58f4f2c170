import type { SessionUpdate } from '@agentclientprotocol/sdk';

/**
 * The session's updates on their way to the editor, in order. Text and
 * thought chunks that arrive within one turn of the event loop (a burst of
 * tokens from one network read) travel as one chunk; anything else goes
 * out after what came before it. The first chunk of a burst leaves on the
 * next turn of the loop, so coalescing adds no wait to the first token.
 */

type ChunkKind = 'agent_message_chunk' | 'agent_thought_chunk';
type Pending = { kind: 'update'; update: SessionUpdate } | { kind: ChunkKind; parts: string[] };

export class UpdateOutbox {
  private pending: Pending[] = [];
  private scheduled = false;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly send: (update: SessionUpdate) => Promise<void>) {}

  /** A piece of the answer (or of the model's reasoning): joined to the piece before it when nothing came between. */
  pushText(kind: ChunkKind, text: string): void {
    if (text === '') return;
    const prev = this.pending.at(-1);
    if (prev?.kind === kind) prev.parts.push(text);
    else this.pending.push({ kind, parts: [text] });
    this.schedule();
  }

  push(update: SessionUpdate): void {
    if ((update.sessionUpdate === 'agent_message_chunk' || update.sessionUpdate === 'agent_thought_chunk') && update.content.type === 'text') {
      this.pushText(update.sessionUpdate, update.content.text);
      return;
    }
    this.pending.push({ kind: 'update', update });
    this.schedule();
  }

  /** Sends what is waiting now (before a request that must follow it). */
  flush(): void {
    this.scheduled = false;
    const out = this.pending;
    if (out.length === 0) return;
    this.pending = [];
    for (const item of out) {
      this.last = this.send(item.kind === 'update' ? item.update : { sessionUpdate: item.kind, content: { type: 'text', text: item.parts.join('') } });
    }
  }

  /** Resolves once everything pushed so far has been written. */
  async drained(): Promise<void> {
    this.flush();
    await this.last;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      if (this.scheduled) this.flush();
    });
  }
}
