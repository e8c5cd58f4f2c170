/**
 * What a window remembers across a reload, not across launches: the
 * conversation it shows, kept in sessionStorage (which a reload keeps and a
 * new window starts without). A reloaded window reopens it and reattaches to
 * its runs still in flight.
 */
const OPEN_CONVERSATION = 'punie.openConversation';

export function rememberOpenConversation(id: string | undefined): void {
  try {
    if (id === undefined) sessionStorage.removeItem(OPEN_CONVERSATION);
    else sessionStorage.setItem(OPEN_CONVERSATION, id);
  } catch {
    // Storage can be unavailable (a locked-down page): a reload then starts fresh.
  }
}

export function rememberedConversation(): string | undefined {
  try {
    return sessionStorage.getItem(OPEN_CONVERSATION) ?? undefined;
  } catch {
    return undefined;
  }
}
