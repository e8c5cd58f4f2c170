import { runIdOf, type Conversation, type ConversationMessage } from '../../../shared/conversation';
import { branchMessages } from '../../../shared/conversationBranches';
import type { LogRecord, MetaRecord } from './records';
import { summarize } from './summary';

export type Replay =
  | {
      ok: true;
      meta: MetaRecord;
      conversation: Conversation;
      /** The records that were applied, in order (what a salvaged copy keeps). */
      applied: LogRecord[];
      /** Records that were well-formed but made no sense where they stood (1-based record numbers). */
      rejected: { record: number; reason: string }[];
    }
  | { ok: false; reason: string };

/**
 * Folds a log's records into the conversation they describe. A message record
 * inserts a message or replaces the one with the same id; append records grow
 * a streamed assistant message; the last title record wins. An assistant
 * message a crash cut short keeps status `partial`. The branch in view is the
 * last `branch` record's, unless a prompt came after it (its run is then the
 * latest); the summary's preview and model are that branch's.
 */
export function replay(records: readonly LogRecord[]): Replay {
  const first = records[0];
  if (!first || first.t !== 'meta') return { ok: false, reason: 'no conversation header' };
  const meta = first;
  const messages: ConversationMessage[] = [];
  const byId = new Map<string, number>();
  const applied: LogRecord[] = [meta];
  const rejected: { record: number; reason: string }[] = [];
  let renamedTo: string | undefined;
  let trimmedBefore: number | undefined;
  let workspace = meta.workspace;
  let updatedAt = meta.createdAt;
  let currentRunId: string | undefined;

  for (let i = 1; i < records.length; i++) {
    const r = records[i];
    if (!r) continue;
    const reject = (reason: string) => rejected.push({ record: i + 1, reason });
    switch (r.t) {
      case 'meta':
        reject('a second conversation header');
        continue;
      case 'msg': {
        const at = byId.get(r.message.id);
        if (at === undefined) {
          byId.set(r.message.id, messages.length);
          messages.push(r.message);
          // A new prompt's run is the latest: the branch in view ends there now.
          if (r.message.role === 'user') currentRunId = undefined;
        } else if (messages[at]?.role !== r.message.role) {
          reject('a message changed its role');
          continue;
        } else {
          messages[at] = r.message;
        }
        break;
      }
      case 'append': {
        const at = byId.get(r.messageId);
        const target = at === undefined ? undefined : messages[at];
        if (at === undefined || target?.role !== 'assistant') {
          reject('text for an unknown answer');
          continue;
        }
        const next = { ...target };
        if (r.content) next.content += r.content;
        if (r.reasoning) next.reasoning = (next.reasoning ?? '') + r.reasoning;
        messages[at] = next;
        break;
      }
      case 'title':
        renamedTo = r.title;
        break;
      case 'trim':
        trimmedBefore = r.before;
        break;
      case 'workspace':
        workspace = r.workspace;
        break;
      case 'branch':
        currentRunId = r.runId;
        break;
      case 'change':
      case 'undo':
        // Undo's own records (electron/core/undo reads them); they change no message.
        break;
    }
    applied.push(r);
    updatedAt = Math.max(updatedAt, r.at);
  }

  const summary = summarize({
    id: meta.id,
    createdAt: meta.createdAt,
    updatedAt,
    metaTitle: meta.title,
    ...(renamedTo !== undefined && { renamedTo }),
    ...(meta.model !== undefined && { metaModel: meta.model }),
    ...(workspace !== undefined && { workspace }),
    messages,
    ...(currentRunId !== undefined && { branch: branchMessages(meta.id, messages, currentRunId) }),
  });
  const conversation: Conversation = { ...summary, messages };
  // Only a run the log holds; the latest run's branch otherwise.
  if (currentRunId !== undefined && messages.some((m) => m.role === 'user' && runIdOf(meta.id, m) === currentRunId)) conversation.currentRunId = currentRunId;
  if (trimmedBefore !== undefined && trimmedBefore <= messages.length) conversation.trimmedBefore = trimmedBefore;
  return { ok: true, meta, conversation, applied, rejected };
}
