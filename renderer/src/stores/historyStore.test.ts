import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSummary } from '../../../shared/conversation';
import { RequestError } from '../ipc/requestError';

/** The client as a queue of answers the test controls. */
const request = vi.fn<(route: string, input: unknown) => Promise<unknown>>();
vi.mock('../ipc/client', () => ({ punie: { request: (route: string, input: unknown) => request(route, input), on: () => () => {} } }));

const { deleteConversation, loadHistory, neighbour, renameConversation, resetHistory, setHistoryQuery, useHistoryStore } = await import('./historyStore');
const { useUiStore } = await import('./uiStore');

const item = (id: string, updatedAt: number, title = id): ConversationSummary => ({ id, title, createdAt: updatedAt, updatedAt, messageCount: 2 });

beforeEach(() => {
  request.mockReset();
  resetHistory();
  useUiStore.setState({ toasts: [] });
});
afterEach(() => vi.useRealTimers());

describe('neighbour', () => {
  const items = [item('a', 3), item('b', 2), item('c', 1)];
  it('steps down and up the list, wrapping around', () => {
    expect(neighbour(items, 'a', 1)).toBe('b');
    expect(neighbour(items, 'c', 1)).toBe('a');
    expect(neighbour(items, 'a', -1)).toBe('c');
  });
  it('starts at an end when nothing in the list is open', () => {
    expect(neighbour(items, undefined, 1)).toBe('a');
    expect(neighbour(items, 'gone', -1)).toBe('c');
    expect(neighbour([], undefined, 1)).toBeUndefined();
  });
});

describe('history list', () => {
  it('lists for the search box, after a pause in typing, and the newest answer wins', async () => {
    vi.useFakeTimers();
    const answers: ((v: unknown) => void)[] = [];
    request.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    setHistoryQuery('ca');
    setHistoryQuery('cache');
    vi.advanceTimersByTime(149);
    expect(request).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenLastCalledWith('conversations.list', { query: 'cache' });

    setHistoryQuery('', 0);
    vi.advanceTimersByTime(0);
    expect(request).toHaveBeenLastCalledWith('conversations.list', {});
    // The later request answers first; the earlier answer arriving late is ignored.
    answers[1]!({ items: [item('all', 1)] });
    answers[0]!({ items: [item('only-cache', 1)] });
    await vi.waitFor(() => expect(useHistoryStore.getState().loading).toBe(false));
    expect(useHistoryStore.getState().items.map((i) => i.id)).toEqual(['all']);
    expect(useHistoryStore.getState().listedQuery).toBe('');
  });

  it('deletes at once and puts the item back, with a toast, when main refuses', async () => {
    request.mockResolvedValueOnce({ items: [item('a', 2), item('b', 1)] });
    await loadHistory();
    request.mockRejectedValueOnce(new RequestError({ code: 'not-found', message: 'No such conversation.' }));
    const pending = deleteConversation('a');
    expect(useHistoryStore.getState().items.map((i) => i.id)).toEqual(['b']);
    await pending;
    expect(useHistoryStore.getState().items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(useUiStore.getState().toasts.map((t) => t.message)).toEqual(['Could not delete the conversation: No such conversation.']);
  });

  it('offers Undo after a delete, which restores the conversation', async () => {
    request.mockResolvedValueOnce({ items: [item('a', 2, 'Alpha'), item('b', 1)] });
    await loadHistory();
    request.mockResolvedValueOnce({ trashed: true });
    await deleteConversation('a');
    const toast = useUiStore.getState().toasts[0]!;
    expect(toast).toMatchObject({ level: 'info', message: 'Deleted “Alpha”.', action: { label: 'Undo' } });
    request.mockResolvedValueOnce(item('a', 2, 'Alpha')).mockResolvedValueOnce({ items: [item('a', 2, 'Alpha'), item('b', 1)] });
    toast.action!.run();
    await vi.waitFor(() => expect(useHistoryStore.getState().items.map((i) => i.id)).toEqual(['a', 'b']));
    expect(request.mock.calls.map(([route]) => route)).toEqual(['conversations.list', 'conversations.delete', 'conversations.restore', 'conversations.list']);
  });

  it('renames with a tidy title, and not at all when nothing changed', async () => {
    request.mockResolvedValueOnce({ items: [item('a', 2, 'Old')] });
    await loadHistory();
    await renameConversation('a', '  Old ');
    expect(request).toHaveBeenCalledTimes(1);
    request.mockResolvedValueOnce({ ...item('a', 3), title: 'New name' });
    await renameConversation('a', '  New \n name ');
    expect(request).toHaveBeenLastCalledWith('conversations.rename', { id: 'a', title: 'New name' });
    expect(useHistoryStore.getState().items[0]!.title).toBe('New name');
  });
});
