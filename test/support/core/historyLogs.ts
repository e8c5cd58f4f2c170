import type { ConversationMessage } from '../../../shared/conversation';
import { encodeRecord, type NewRecord } from '../../../electron/core/store/records';

/**
 * Realistic conversation logs in the store's own format, the same bytes every
 * run (a tiny LCG picks the words): prompts, answers, tool calls with
 * results, and answers streamed as a partial message, appends and the final
 * message. For the history benchmark and the store's tests.
 */
export function createLogWriter(seed = 42): { conversationLog(id: string, messages: number, start: number, extra?: { rename?: string }): string } {
  const WORDS = 'the a build test file config function return value model server local answer error path write read run import export type module'.split(' ');
  const words = (n: number): string => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      out.push(WORDS[seed % WORDS.length] as string);
    }
    return out.join(' ');
  };
  return {
    conversationLog(id, messages, start, extra = {}) {
      const records: NewRecord[] = [{ t: 'meta', id, createdAt: start, title: '', model: 'local:qwen' }];
      let at = start;
      let n = 0;
      const push = (message: ConversationMessage) => {
        records.push({ t: 'msg', at: ++at, message });
        n++;
      };
      // Bounded by `messages`: each pass adds up to four.
      while (n < messages) {
        push({ role: 'user', id: `${id}-${n}`, content: words(30), createdAt: at });
        if (n >= messages) break;
        const callId = `${id}-call-${n}`;
        push({
          role: 'assistant',
          id: `${id}-${n}`,
          content: words(40),
          createdAt: at,
          status: 'complete',
          model: 'local:qwen',
          finishReason: 'tool-calls',
          toolCalls: [{ id: callId, name: 'read_file', argsText: JSON.stringify({ path: 'src/index.ts' }) }],
        });
        if (n >= messages) break;
        push({ role: 'tool', id: `${id}-${n}`, toolCallId: callId, name: 'read_file', content: words(150), durationMs: 3, createdAt: at });
        if (n >= messages) break;
        const answerId = `${id}-${n}`;
        push({ role: 'assistant', id: answerId, content: words(20), createdAt: at, status: 'partial', model: 'local:qwen' });
        records.push({ t: 'append', at: ++at, messageId: answerId, content: ' ' + words(60) });
        records.push({ t: 'msg', at: ++at, message: { role: 'assistant', id: answerId, content: words(80), createdAt: at, status: 'complete', model: 'local:qwen', finishReason: 'stop', stats: { durationMs: 900, turns: 2 } } });
      }
      if (extra.rename) records.push({ t: 'title', at: ++at, title: extra.rename });
      return records.map(encodeRecord).join('');
    },
  };
}
