import type { AgentEvent } from '../../../shared/agentEvents';
import type { Conversation, ConversationSummary } from '../../../shared/conversation';
import { PunieError } from '../../../electron/core/errors';
import type { ConversationsPort, Unsubscribe } from '../../../electron/main/services';

/**
 * Conversations in memory: a stand-in for the history store in tests, in the
 * browser host, and in the app until the real store is composed in. It
 * records runs from their AgentEvents (user prompt, final answer).
 */
export interface InMemoryConversations extends ConversationsPort {
  /** Creates a conversation (or returns the existing one). */
  open(input: { id?: string; title: string; model?: string; workspace?: string }): Conversation;
  record(event: AgentEvent): void;
}

const MAX_CONVERSATIONS = 1_000;

function summaryOf(c: Conversation): ConversationSummary {
  const { messages, trimmedBefore: _trimmed, ...summary } = c;
  const last = messages.at(-1);
  const preview = last && last.role !== 'tool' ? last.content.slice(0, 120) : undefined;
  return preview ? { ...summary, messageCount: messages.length, preview } : { ...summary, messageCount: messages.length };
}

export function createInMemoryConversations(now: () => number = Date.now): InMemoryConversations {
  const items = new Map<string, Conversation>();
  const trash = new Map<string, Conversation>();
  const runs = new Map<string, string>();
  const listeners = new Set<(change: { ids?: string[] }) => void>();
  let counter = 0;

  const find = (id: string): Conversation => {
    const c = items.get(id);
    if (!c) throw new PunieError('not-found', 'That conversation no longer exists.');
    return c;
  };
  const touch = (c: Conversation) => {
    c.updatedAt = now();
    c.messageCount = c.messages.length;
  };

  return {
    open(input) {
      if (input.id !== undefined) return find(input.id);
      counter += 1;
      const created = now();
      const c: Conversation = {
        id: `conv-${counter}`,
        title: input.title.slice(0, 80) || 'New conversation',
        createdAt: created,
        updatedAt: created,
        messageCount: 0,
        messages: [],
        ...(input.model === undefined ? {} : { model: input.model }),
        ...(input.workspace === undefined ? {} : { workspace: input.workspace }),
      };
      items.set(c.id, c);
      while (items.size > MAX_CONVERSATIONS) {
        const oldest = items.keys().next().value;
        if (oldest === undefined) break;
        items.delete(oldest);
      }
      return c;
    },
    record(event) {
      if (event.type === 'run-start') {
        runs.set(event.runId, event.conversationId);
        const c = items.get(event.conversationId);
        if (!c) return;
        c.messages.push({ role: 'user', id: `${event.runId}-user`, content: event.prompt, createdAt: event.startedAt });
        touch(c);
        return;
      }
      if (event.type !== 'run-finish' && event.type !== 'run-error' && event.type !== 'run-abort') return;
      const conversationId = runs.get(event.runId);
      runs.delete(event.runId);
      const c = conversationId === undefined ? undefined : items.get(conversationId);
      if (!c) return;
      const content = event.type === 'run-finish' ? event.text : event.partialText;
      const status = event.type === 'run-finish' ? 'complete' : event.type === 'run-error' ? 'error' : 'aborted';
      c.messages.push({ role: 'assistant', id: `${event.runId}-answer`, content, createdAt: now(), status });
      touch(c);
    },
    async list({ query }) {
      const q = query?.trim().toLowerCase();
      const all = [...items.values()].filter(
        (c) => !q || c.title.toLowerCase().includes(q) || c.messages.some((m) => m.content.toLowerCase().includes(q)),
      );
      return { items: all.sort((a, b) => b.updatedAt - a.updatedAt).map(summaryOf) };
    },
    async get(id) {
      return structuredClone(find(id));
    },
    async setWorkspace(id, workspace) {
      const c = find(id);
      c.workspace = workspace;
      touch(c);
      return summaryOf(c);
    },
    async rename(id, title) {
      const c = find(id);
      c.title = title;
      touch(c);
      return summaryOf(c);
    },
    async delete(id) {
      const c = items.get(id);
      if (!c) return { trashed: false };
      items.delete(id);
      trash.set(id, c);
      return { trashed: true };
    },
    async restore(id) {
      const c = trash.get(id);
      if (!c) throw new PunieError('not-found', 'That conversation is not in the trash any more.');
      trash.delete(id);
      items.set(id, c);
      return summaryOf(c);
    },
    async exportMarkdown(id) {
      const c = find(id);
      const body = c.messages.map((m) => `## ${m.role === 'user' ? 'You' : m.role === 'assistant' ? 'Punie' : `Tool ${m.name}`}\n\n${m.content}`).join('\n\n');
      return { title: c.title, markdown: `# ${c.title}\n\n${body}\n` };
    },
    subscribe(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
