import type { AgentEvent } from '../../../shared/agentEvents';
import type { Conversation, ConversationMessage } from '../../../shared/conversation';

/** The stand-in's history: a run's events as stored messages (roughly what the real store records). */
export function messagesOfRun(events: readonly AgentEvent[]): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  let text = '';
  let reasoning = '';
  let calls: Array<{ id: string; name: string; argsText: string }> = [];
  let n = 0;
  const at = (events[0]?.type === 'run-start' ? events[0].startedAt : 0) + n;
  const flushAssistant = (extra: Partial<Extract<ConversationMessage, { role: 'assistant' }>> = {}) => {
    if (!text && !reasoning && calls.length === 0 && !extra.status) return;
    out.push({ role: 'assistant', id: `a${n++}`, content: text, ...(reasoning ? { reasoning } : {}), ...(calls.length ? { toolCalls: calls } : {}), createdAt: at + n, ...extra });
    text = '';
    reasoning = '';
    calls = [];
  };
  for (const e of events) {
    switch (e.type) {
      case 'run-start':
        out.push({ role: 'user', id: `u${n++}`, content: e.prompt, createdAt: e.startedAt });
        break;
      case 'text-delta':
        text += e.delta;
        break;
      case 'reasoning-delta':
        reasoning += e.delta;
        break;
      case 'tool-call-ready':
        calls.push({ id: e.callId, name: e.name, argsText: e.argsText });
        break;
      case 'turn-start':
        flushAssistant();
        break;
      case 'tool-result':
        flushAssistant();
        out.push({ role: 'tool', id: `t${n++}`, toolCallId: e.callId, name: e.name, content: e.content, meta: e.meta, durationMs: e.durationMs, createdAt: at + n });
        break;
      case 'tool-error':
        flushAssistant();
        out.push({ role: 'tool', id: `t${n++}`, toolCallId: e.callId, name: e.name, content: e.content, isError: true, denied: e.denied, meta: e.meta, durationMs: e.durationMs, createdAt: at + n });
        break;
      case 'run-finish':
        flushAssistant({ status: 'complete', finishReason: e.finishReason, stats: e.stats });
        break;
      case 'run-error':
        flushAssistant({ status: 'error', error: e.error });
        break;
      case 'run-abort':
        flushAssistant({ status: 'aborted' });
        break;
      default:
        break;
    }
  }
  return out;
}

export function conversationOf(id: string, runs: ReadonlyArray<readonly AgentEvent[]>, model: string): Conversation {
  const messages = runs.flatMap((events) => messagesOfRun(events));
  const first = messages.find((m) => m.role === 'user');
  const createdAt = messages[0]?.createdAt ?? Date.now();
  return {
    id,
    title: first?.content.slice(0, 60) ?? 'New conversation',
    model,
    createdAt,
    updatedAt: messages[messages.length - 1]?.createdAt ?? createdAt,
    messageCount: messages.length,
    messages,
  };
}
