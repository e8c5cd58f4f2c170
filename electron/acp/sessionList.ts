import type { ListSessionsRequest, ListSessionsResponse } from '@agentclientprotocol/sdk';
import type { ConversationSummary } from '../../shared/conversation';

/**
 * `session/list`: Punie's conversations that have a folder, newest first,
 * those of the editor's folder when it names one, a page at a time. The
 * cursor is where the next page starts, as text (opaque to the editor).
 */

export const PAGE_SIZE = 50;

export function sessionPage(conversations: readonly ConversationSummary[], request: ListSessionsRequest): ListSessionsResponse {
  const matching = conversations.filter((c) => c.workspace !== undefined && (request.cwd == null || c.workspace === request.cwd));
  const start = cursorStart(request.cursor);
  const page = matching.slice(start, start + PAGE_SIZE);
  const next = start + page.length;
  return {
    sessions: page.map((c) => ({ sessionId: c.id, cwd: c.workspace!, title: c.title, updatedAt: new Date(c.updatedAt).toISOString() })),
    ...(next < matching.length ? { nextCursor: String(next) } : {}),
  };
}

function cursorStart(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const n = Number(cursor);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
