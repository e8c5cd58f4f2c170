import { create } from 'zustand';
import type { ConversationSummary } from '../../../shared/conversation';
import type { ErrorData } from '../../../shared/errors';
import { clipText, oneLine } from '../../../shared/text';
import { punie } from '../ipc/client';
import { toErrorData } from '../ipc/requestError';
import { newConversation, openConversation, useChatStore } from './chatStore';
import { showErrorToast, showToast } from './uiStore';

/**
 * The history sidebar: conversations newest first (as main lists them),
 * filtered by the search box, kept current by `conversations.changed`.
 * Rename, delete (to the trash, with Undo) and export go through main.
 */
export interface HistoryState {
  items: ConversationSummary[];
  /** What the search box holds; the list answers for `listedQuery`. */
  query: string;
  listedQuery: string;
  loaded: boolean;
  loading: boolean;
  error?: ErrorData;
  /** The conversation whose title is being edited in place. */
  renaming?: string;
}

export const useHistoryStore = create<HistoryState>()(() => ({ items: [], query: '', listedQuery: '', loaded: false, loading: false }));

/** How long an Undo stays offered after a delete. */
export const UNDO_MS = 10_000;

let latest = 0;

/** Lists conversations for the current query (the newest request wins). */
export async function loadHistory(): Promise<void> {
  const token = ++latest;
  const query = useHistoryStore.getState().query.trim();
  useHistoryStore.setState({ loading: true });
  try {
    const { items } = await punie.request('conversations.list', query ? { query } : {});
    if (token !== latest) return;
    useHistoryStore.setState({ items, listedQuery: query, loaded: true, error: undefined });
  } catch (e) {
    if (token === latest) useHistoryStore.setState({ error: toErrorData(e), loaded: true });
  } finally {
    if (token === latest) useHistoryStore.setState({ loading: false });
  }
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;

/** The search box changed: lists again after a short pause in typing. */
export function setHistoryQuery(query: string, delayMs = 150): void {
  useHistoryStore.setState({ query });
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void loadHistory(), delayMs);
}

export function startRename(id: string | undefined): void {
  useHistoryStore.setState({ renaming: id });
}

/** Saves a new title; an empty or unchanged one just ends editing. */
export async function renameConversation(id: string, title: string): Promise<void> {
  const clean = clipText(oneLine(title), 200);
  useHistoryStore.setState({ renaming: undefined });
  const current = useHistoryStore.getState().items.find((i) => i.id === id);
  if (!clean || clean === current?.title) return;
  // Shown at once; the list from main confirms it.
  replaceItem({ ...(current ?? { id, createdAt: 0, updatedAt: 0, messageCount: 0 }), title: clean });
  try {
    const summary = await punie.request('conversations.rename', { id, title: clean });
    replaceItem(summary);
    if (useChatStore.getState().conversationId === id) useChatStore.setState({ title: summary.title });
  } catch (e) {
    showErrorToast('Could not rename the conversation', toErrorData(e));
    void loadHistory();
  }
}

/** Moves a conversation to the trash, with an Undo in a toast (the trash is kept until Punie quits). */
export async function deleteConversation(id: string): Promise<void> {
  const before = useHistoryStore.getState().items;
  const item = before.find((i) => i.id === id);
  const wasOpen = useChatStore.getState().conversationId === id;
  useHistoryStore.setState({ items: before.filter((i) => i.id !== id) });
  try {
    await punie.request('conversations.delete', { id });
  } catch (e) {
    useHistoryStore.setState({ items: before });
    showErrorToast('Could not delete the conversation', toErrorData(e));
    return;
  }
  if (wasOpen) newConversation();
  showToast({
    id: `deleted-${id}`,
    level: 'info',
    message: `Deleted “${item?.title ?? 'conversation'}”.`,
    durationMs: UNDO_MS,
    action: { label: 'Undo', run: () => void restoreConversation(id, wasOpen) },
  });
}

export async function restoreConversation(id: string, reopen = false): Promise<void> {
  try {
    const summary = await punie.request('conversations.restore', { id });
    replaceItem(summary);
    if (reopen && !useChatStore.getState().conversationId) void openConversation(id);
  } catch (e) {
    showErrorToast('Could not restore the conversation', toErrorData(e));
  }
  void loadHistory();
}

/** Writes the conversation as Markdown where the user chooses (main's save dialog). */
export async function exportConversation(id: string): Promise<void> {
  try {
    const { path } = await punie.request('conversations.export', { id });
    if (path) showToast({ level: 'info', message: 'Exported the conversation.', path });
  } catch (e) {
    showErrorToast('Could not export the conversation', toErrorData(e));
  }
}

/** Puts a changed summary in place, keeping newest first; a new one only shows when no search is narrowing the list. */
function replaceItem(summary: ConversationSummary): void {
  const { items, listedQuery } = useHistoryStore.getState();
  const known = items.some((i) => i.id === summary.id);
  if (!known && listedQuery) return;
  const next = known ? items.map((i) => (i.id === summary.id ? summary : i)) : [...items, summary];
  next.sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
  useHistoryStore.setState({ items: next });
}

/** The conversation one step from `current` in the list (wrapping), for Alt+↑/↓. */
export function neighbour(items: readonly ConversationSummary[], current: string | undefined, delta: 1 | -1): string | undefined {
  if (items.length === 0) return undefined;
  const index = current === undefined ? -1 : items.findIndex((i) => i.id === current);
  if (index === -1) return (delta === 1 ? items[0] : items[items.length - 1])!.id;
  return items[(index + delta + items.length) % items.length]!.id;
}

/** Forgets everything (tests). */
export function resetHistory(): void {
  latest++;
  clearTimeout(searchTimer);
  useHistoryStore.setState({ items: [], query: '', listedQuery: '', loaded: false, loading: false, error: undefined, renaming: undefined });
}
