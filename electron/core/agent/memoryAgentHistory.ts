import { randomUUID } from 'node:crypto';
import { isDeltaEvent, type AgentEvent } from '../../../shared/agentEvents';
import type { Conversation, ConversationSummary } from '../../../shared/conversation';
import { PunieError } from '../errors';
import { ConversationBuilder } from './conversationBuilder';
import type { AgentHistoryPort } from './agentHistoryPort';

/**
 * An AgentHistoryPort that keeps conversations in memory: for tests, and for
 * `punie ask` when history is not kept. Same behaviour as the store, minus
 * the disk: messages are built from the events as they arrive.
 */
export interface MemoryAgentHistory extends AgentHistoryPort {
  get(id: string): Conversation | undefined;
  /** Newest first. */
  list(): ConversationSummary[];
  markTrimmed(id: string, before: number, signal: AbortSignal): Promise<void>;
}

/** Bound on conversations kept; the least recently used goes first. */
const MAX_CONVERSATIONS = 1_000;

interface Entry {
  conversation: Conversation;
  builder: ConversationBuilder;
}

export function createMemoryAgentHistory(options: { now?: () => number; newId?: () => string } = {}): MemoryAgentHistory {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomUUID());
  const entries = new Map<string, Entry>();

  const touch = (id: string, entry: Entry) => {
    entries.delete(id);
    entries.set(id, entry);
    while (entries.size > MAX_CONVERSATIONS) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  const snapshot = (c: Conversation): Conversation => structuredClone(c);

  return {
    async open(input, signal) {
      signal.throwIfAborted();
      if (input.id !== undefined) {
        const entry = entries.get(input.id);
        if (!entry) throw new PunieError('not-found', `Conversation ${input.id} was not found.`, { hint: 'Start a new conversation instead.' });
        touch(input.id, entry);
        entry.builder.settle();
        const { workspace } = entry.conversation;
        return { id: input.id, messages: structuredClone(entry.conversation.messages), ...(workspace === undefined ? {} : { workspace }) };
      }
      const id = input.newId ?? newId();
      if (entries.has(id)) throw new PunieError('conflict', 'A conversation with this id already exists.');
      const at = now();
      const conversation: Conversation = {
        id,
        title: input.title || 'New conversation',
        model: input.model,
        ...(input.workspace === undefined ? {} : { workspace: input.workspace }),
        createdAt: at,
        updatedAt: at,
        messageCount: 0,
        messages: [],
      };
      touch(id, { conversation, builder: new ConversationBuilder(conversation.messages, { now, newId }) });
      return { id, messages: [], ...(input.workspace === undefined ? {} : { workspace: input.workspace }) };
    },
    record(conversationId: string, event: AgentEvent) {
      const entry = entries.get(conversationId);
      if (!entry) return;
      entry.builder.apply(event);
      const c = entry.conversation;
      // A streamed delta (one per token) does not read the clock: the run's next other event moves updatedAt.
      if (!isDeltaEvent(event)) c.updatedAt = now();
      c.messageCount = c.messages.length;
      if (event.type === 'run-start') c.model = event.model.spec;
    },
    async flush() {
      // Nothing to make durable.
    },
    async markTrimmed(id, before, signal) {
      signal.throwIfAborted();
      const entry = entries.get(id);
      if (!entry) throw new PunieError('not-found', `Conversation ${id} was not found.`);
      entry.conversation.trimmedBefore = before;
    },
    get(id) {
      const entry = entries.get(id);
      entry?.builder.settle();
      return entry ? snapshot(entry.conversation) : undefined;
    },
    list() {
      return [...entries.values()]
        .map(({ conversation: { messages: _messages, trimmedBefore: _trimmed, currentRunId: _current, ...summary } }) => ({ ...summary }))
        .sort((a, b) => b.updatedAt - a.updatedAt);
    },
  };
}

