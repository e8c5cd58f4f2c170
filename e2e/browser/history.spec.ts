import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { historyLayout } from '../../electron/core/store/historyLayout';
import { textTurn } from '../fake-server/script';
import { expect, localSpec, nextFrame, test, type BrowserHost } from './fixtures';
import { seedConversation, seedCorruptConversation, turn } from './host/historySeed';
import { spawnPunie } from '../../test/support/cli/spawnPunie';

const MODEL = 'qwen/qwen3-coder-30b';

/** Local times that fall under "Today", "Yesterday" and "Previous 30 days" whenever the test runs. */
function times() {
  const now = Date.now();
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  // Seeds sit up to 5 s before `today`: never let that cross midnight (a run just after 00:00 did).
  const today = Math.max(midnight.getTime() + 5_000, now - 60 * 60_000);
  return { today, yesterday: midnight.getTime() - 6 * 60 * 60_000, older: midnight.getTime() - 20 * 24 * 60 * 60_000 };
}

/** Three conversations: one today, one yesterday, one three weeks ago. */
async function seedThree(host: BrowserHost, model = 'test') {
  const t = times();
  await seedConversation(host.dataDir, {
    id: 'conv-cache',
    workspace: host.workspace,
    createdAt: t.today - 5_000,
    model,
    messages: [...turn(1, t.today - 5_000, 'Fix the flaky cache test', 'The test shares a temp dir between runs; give each run its own.', model)],
  });
  await seedConversation(host.dataDir, {
    id: 'conv-release',
    createdAt: t.yesterday,
    model,
    messages: [...turn(1, t.yesterday, 'Plan the release notes', 'Group them by feature, fixes last.', model)],
  });
  await seedConversation(host.dataDir, {
    id: 'conv-tokio',
    createdAt: t.older,
    model,
    messages: [...turn(1, t.older, 'Explain the tokio runtime', 'It schedules tasks on worker threads; the borrow checker keeps shared state honest.', model)],
  });
}

test('the sidebar lists conversations newest first, searches titles and content, and moves by keyboard', async ({ host }) => {
  await seedThree(host);
  const page = await host.openMain();
  const list = page.getByRole('navigation', { name: 'Conversations' });
  const items = list.getByTestId('history-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('Fix the flaky cache test');
  await expect(items.nth(1)).toContainText('Plan the release notes');
  await expect(items.nth(2)).toContainText('Explain the tokio runtime');
  await expect(items.nth(0)).toContainText('Test model');
  await expect(list.locator('.history-group-label')).toHaveText(['Today', 'Yesterday', 'Previous 30 days']);
  await host.shoot(page, 'history-sidebar');

  // Title and content both count; Esc clears the search.
  const search = page.getByRole('textbox', { name: 'Search conversations' });
  await page.keyboard.press('Control+K');
  await expect(search).toBeFocused();
  await page.keyboard.type('release');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Plan the release notes');
  await search.fill('borrow checker');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Explain the tokio runtime');
  expect(host.requestsTo('conversations.list').map((r) => r.input)).toContainEqual({ query: 'borrow checker' });
  await host.shoot(page, 'history-search');
  await search.fill('no such words anywhere');
  await expect(page.locator('.sidebar-empty')).toContainText('No conversations match');
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(items).toHaveCount(3);

  // ↓ from the search box into the list, ↓ again, Enter opens.
  await search.focus();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(0).locator('.history-open', { hasText: /Fix the flaky cache test/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1).locator('.history-open', { hasText: /Plan the release notes/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Plan the release notes');
  await expect(items.nth(1)).toHaveClass(/is-active/);

  // Alt+↓ / Alt+↑ move between conversations from anywhere; Ctrl+N starts a new one.
  await page.getByRole('textbox', { name: 'Prompt' }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Explain the tokio runtime');
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Fix the flaky cache test');
  await expect(items.nth(0)).toHaveClass(/is-active/);
  await page.keyboard.press('Control+N');
  await expect(page.locator('.run')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Prompt' })).toBeFocused();
  await expect(list.locator('.history-item.is-active')).toHaveCount(0);
});

test('rename in place (Enter saves, Esc cancels), export to Markdown, delete with Undo', async ({ host }) => {
  await seedThree(host);
  const exportPath = join(host.dataDir, '..', 'exported.md');
  await host.start();
  host.main.dialogs.savePath = exportPath;
  const page = await host.openMain();
  const list = page.getByRole('navigation', { name: 'Conversations' });
  const items = list.getByTestId('history-item');
  await expect(items).toHaveCount(3);

  const release = items.filter({ hasText: 'Plan the release notes' });
  await release.hover();
  await release.getByRole('button', { name: 'Rename “Plan the release notes”' }).click();
  const field = list.getByRole('textbox', { name: 'Conversation title' });
  await expect(field).toBeFocused();
  await field.fill('Release notes for 0.2');
  await host.shoot(page, 'history-rename');
  await field.press('Enter');
  const renamed = items.filter({ hasText: 'Release notes for 0.2' });
  await expect(renamed).toHaveCount(1);
  await expect.poll(async () => (await host.main.services.conversations.get('conv-release', AbortSignal.timeout(5_000))).title).toBe('Release notes for 0.2');

  // F2 on the focused item renames too; Esc leaves the title as it was.
  await renamed.locator('.history-open').focus();
  await page.keyboard.press('F2');
  await list.getByRole('textbox', { name: 'Conversation title' }).fill('Something else');
  await page.keyboard.press('Escape');
  await expect(renamed).toHaveCount(1);
  await expect(items.filter({ hasText: 'Something else' })).toHaveCount(0);
  expect(host.requestsTo('conversations.rename')).toHaveLength(1);

  // Export: main's save dialog writes the Markdown.
  const cache = items.filter({ hasText: 'Fix the flaky cache test' });
  await cache.hover();
  await cache.getByRole('button', { name: 'Export “Fix the flaky cache test”' }).click();
  await expect(page.locator('.toast')).toContainText('Exported the conversation.');
  expect(host.main.dialogs.saved).toHaveLength(1);
  expect(host.main.dialogs.saved[0]!.path).toBe(exportPath);
  expect(host.main.dialogs.saved[0]!.text).toContain('Fix the flaky cache test');
  expect(host.main.dialogs.saved[0]!.text).toContain('give each run its own');

  // Delete moves it to the trash; Undo brings it back.
  const tokio = items.filter({ hasText: 'Explain the tokio runtime' });
  await tokio.hover();
  await tokio.getByRole('button', { name: 'Delete “Explain the tokio runtime”' }).click();
  await expect(items).toHaveCount(2);
  const toast = page.locator('.toast', { hasText: 'Deleted “Explain the tokio runtime”' });
  await expect(toast).toBeVisible();
  const { trash, conversations } = historyLayout(host.dataDir);
  expect(await readdir(trash)).toContain('conv-tokio.jsonl');
  await host.shoot(page, 'history-undo');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(items).toHaveCount(3);
  await expect(tokio).toHaveCount(1);
  expect(await readdir(conversations)).toContain('conv-tokio.jsonl');
});

test('deleting the open conversation with the keyboard shows a new one; Undo reopens it', async ({ host }) => {
  await seedThree(host);
  const page = await host.openMain();
  const items = page.getByRole('navigation', { name: 'Conversations' }).getByTestId('history-item');
  await items.nth(0).locator('.history-open', { hasText: /Fix the flaky cache test/ }).click();
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Fix the flaky cache test');
  await items.nth(0).locator('.history-open', { hasText: /Fix the flaky cache test/ }).focus();
  await page.keyboard.press('Delete');
  await expect(items).toHaveCount(2);
  await expect(page.locator('.run')).toHaveCount(0);
  await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
  await expect(items).toHaveCount(3);
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Fix the flaky cache test');
});

test('continuing a conversation sends its history to the model with the conversation id', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('Yes: run them one at a time with --runInBand.')] });
  const spec = localSpec(lmstudio.baseURL, MODEL);
  await seedThree(host, spec);
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: spec } });
  const page = await host.openMain();
  const items = page.getByRole('navigation', { name: 'Conversations' }).getByTestId('history-item');
  await expect(items.nth(0)).toContainText(MODEL);
  await items.nth(0).locator('.history-open', { hasText: /Fix the flaky cache test/ }).click();
  await expect(page.locator('.run')).toHaveCount(1);
  await expect(page.locator('.run').first()).toContainText('give each run its own');

  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Should the tests also run serially?');
  await composer.press('Enter');
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last()).toContainText('--runInBand');
  expect(host.requestsTo('agent.start')[0]!.input).toMatchObject({ conversationId: 'conv-cache', prompt: 'Should the tests also run serially?', modelSpec: spec });
  const body = lmstudio.chatRequests()[0]!.body as { messages: { role: string; content: unknown }[] };
  const said = body.messages.filter((m) => m.role !== 'system').map((m) => [m.role, m.content]);
  expect(said).toEqual([
    ['user', 'Fix the flaky cache test'],
    ['assistant', 'The test shares a temp dir between runs; give each run its own.'],
    ['user', 'Should the tests also run serially?'],
  ]);
  // Once the run is recorded, the list shows it first with both turns; the view keeps one row per run.
  await expect.poll(async () => (await host.main.services.conversations.get('conv-cache', AbortSignal.timeout(5_000))).messages.length).toBe(4);
  await expect(items.nth(0)).toContainText('Fix the flaky cache test');
  await page.waitForTimeout(300);
  await expect(page.locator('.run')).toHaveCount(2);
  // Read once when opened; the run the window watched live is never read back (the store's change names it).
  await page.waitForTimeout(300);
  expect(host.requestsTo('conversations.get').map((r) => r.input)).toEqual([{ id: 'conv-cache', lastRuns: 40 }]);
  await expect(page.locator('.run').first()).toContainText('give each run its own');
  await expect(page.locator('.run').last()).toContainText('--runInBand');
  await host.shoot(page, 'history-continued');
});

test('a long conversation shows its end at once; its older runs follow in a second answer', async ({ host }) => {
  const start = Date.now() - 2 * 60 * 60_000;
  await seedConversation(host.dataDir, {
    id: 'conv-long',
    createdAt: start,
    messages: Array.from({ length: 60 }, (_, i) => turn(i, start + i * 60_000, `Long question ${i}`, `Long answer ${i}`)).flat(),
  });
  await host.start({ settings: { lastModel: 'test' } });
  const page = await host.openMain();
  await page.getByRole('navigation', { name: 'Conversations' }).locator('.history-open').first().click();
  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Long question 59');
  // The view is a virtual list: only the rows near the viewport are in the page, not 40 (nor 60).
  expect(await page.locator('.run').count()).toBeLessThan(30);
  // First the last 40 runs of the branch in view (chatStore FIRST_RUNS), then every run.
  await expect.poll(() => host.requestsTo('conversations.get').map((r) => r.input)).toEqual([{ id: 'conv-long', lastRuns: 40 }, { id: 'conv-long' }]);
  // The list is virtual: scroll up to the first prompt, which only the second answer held.
  const scroller = page.getByTestId('chat-scroll');
  const first = page.locator('.run .user-text').filter({ hasText: /^Long question 0$/ });
  for (let i = 0; i < 200 && !(await first.isVisible()); i++) {
    await scroller.evaluate((el) => el.scrollBy(0, -600));
    await nextFrame(page);
  }
  await expect(first).toBeVisible();
  expect(await page.locator('.run').count()).toBeLessThan(30);
  // One branch, the whole of it: no branch switcher at the start, nor where the first answer began.
  await expect(page.locator('.branch-switcher')).toHaveCount(0);
  const twentieth = page.locator('.run .user-text').filter({ hasText: /^Long question 20$/ });
  for (let i = 0; i < 200 && !(await twentieth.isVisible()); i++) {
    await scroller.evaluate((el) => el.scrollBy(0, 300));
    await nextFrame(page);
  }
  await expect(twentieth).toBeVisible();
  await expect(page.locator('.branch-switcher')).toHaveCount(0);
  await host.shoot(page, 'history-long-conversation');
});

test('a conversation trimmed to fit the model shows where its context began', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    models: [{ id: 'small/ctx-2k', loaded: true, contextLength: 2048, maxContextLength: 2048, quantization: 'Q4_K_M' }],
    script: [textTurn('Answered with the recent turns only.')],
  });
  const spec = localSpec(lmstudio.baseURL, 'small/ctx-2k');
  const start = Date.now() - 60 * 60_000;
  const filler = (n: number) => `${'The module reads the forecast, caches it, and renders it. '.repeat(12)} (part ${n})`;
  await seedConversation(host.dataDir, {
    id: 'conv-long-context',
    createdAt: start,
    model: spec,
    messages: Array.from({ length: 6 }, (_, i) => turn(i, start + i * 60_000, `Question ${i}: ${filler(i)}`, `Answer ${i}: ${filler(i)}`, spec)).flat(),
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: spec } });
  const page = await host.openMain();
  await page.getByRole('navigation', { name: 'Conversations' }).locator('.history-open').first().click();
  await expect(page.locator('.run').last().locator('.user-text')).toContainText('Question 5:');
  await expect(page.getByTestId('context-marker')).toHaveCount(0);

  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Summarise the last answer');
  await composer.press('Enter');
  await expect(page.locator('.run').last()).toContainText('Answered with the recent turns only.');
  // The oldest turns were left out of the request…
  const body = lmstudio.chatRequests()[0]!.body as { messages: { role: string; content: string }[] };
  expect(body.messages.some((m) => typeof m.content === 'string' && m.content.startsWith('Question 0:'))).toBe(false);
  // …the store marks where the context began, and the view shows it there.
  const stored = await host.main.services.conversations.get('conv-long-context', AbortSignal.timeout(5_000));
  expect(stored.trimmedBefore).toBeGreaterThan(0);
  const marker = page.getByTestId('context-marker');
  // The list is virtual: scroll up until the marker's row is rendered.
  const scroller = page.getByTestId('chat-scroll');
  for (let i = 0; i < 80 && !(await marker.isVisible()); i++) {
    await scroller.evaluate((el) => el.scrollBy(0, -300));
    await nextFrame(page);
  }
  await expect(marker).toContainText('Earlier messages were left out');
  const firstKept = stored.messages[stored.trimmedBefore!]!;
  const markedRun = page.locator('.chat-row', { has: marker }).locator('.user-text');
  await expect(markedRun).toHaveText(firstKept.content);
  await marker.scrollIntoViewIfNeeded();
  await host.shoot(page, 'history-trimmed');
});

test('a corrupt conversation file is kept aside and reported once; the others load', async ({ host }) => {
  await seedThree(host);
  await seedCorruptConversation(host.dataDir, 'conv-broken', randomBytes(600));
  const page = await host.openMain();
  const toast = page.locator('.toast-warning');
  await expect(toast).toContainText('1 conversation could not be read');
  await expect(toast).toContainText('quarantine');
  const items = page.getByRole('navigation', { name: 'Conversations' }).getByTestId('history-item');
  await expect(items).toHaveCount(3);
  const { quarantine, conversations } = historyLayout(host.dataDir);
  expect((await readdir(quarantine)).some((f) => f.startsWith('conv-broken.'))).toBe(true);
  await expect(access(join(conversations, 'conv-broken.jsonl'))).rejects.toThrow();
  await host.shoot(page, 'history-quarantine');

  // Once: a reload lists again without a second notice.
  const lists = host.requestsTo('conversations.list').length;
  await page.reload();
  await expect(items).toHaveCount(3);
  await expect.poll(() => host.requestsTo('conversations.list').length).toBeGreaterThan(lists);
  await page.waitForTimeout(500);
  await expect(page.locator('.toast-warning')).toHaveCount(0);
});

test('a conversation another Punie process is writing opens read-only with a bar, and becomes writable when that process is done (issue 11, item 4)', async ({ host }) => {
  const server = await host.fakeServer({ profile: 'lmstudio', script: [{ kind: 'hang' }] });
  const model = localSpec(server.baseURL, MODEL);
  const at = Date.now() - 60_000;
  await seedConversation(host.dataDir, { id: 'conv-busy', workspace: host.workspace, createdAt: at, model, messages: turn(1, at, 'Plan the migration', 'Move the tables one by one.', model) });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: model } });

  // A real `punie ask` continues it in the same data folder and hangs on the model, holding it.
  let writer: ChildProcess | undefined;
  const writing = spawnPunie(['ask', 'And the indexes?', '--model', model, '--conversation', 'conv-busy'], { env: { PUNIE_HOME: host.dataDir }, onSpawn: (c) => (writer = c) });
  const lock = join(host.dataDir, 'history', 'conversations', 'conv-busy.lock');
  try {
    await expect.poll(() => existsSync(lock) && server.chatRequests().length === 1, { timeout: 30_000 }).toBe(true);
    const page = await host.openMain();
    await page.getByTestId('history-item').first().locator('.history-open').click();
    const bar = page.getByRole('status', { name: 'Conversation in use' });
    await expect(bar).toContainText(`another Punie process (punie in a terminal, pid ${writer!.pid})`, { timeout: 15_000 });
    const composer = page.getByRole('textbox', { name: 'Prompt' });
    await expect(composer).toHaveAttribute('readonly', '');
    await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    await host.shoot(page, 'conversation-written-elsewhere');

    // Ctrl-C in that terminal: the lock goes, and the app reads what it wrote and lets you write.
    writer!.kill('SIGINT');
    expect((await writing).code).toBe(130);
    await expect(bar).toBeHidden({ timeout: 15_000 });
    await expect(composer).not.toHaveAttribute('readonly', '');
    await expect(page.locator('.user-message', { hasText: 'And the indexes?' })).toBeVisible();
    await host.shoot(page, 'conversation-writable-again');
  } finally {
    writer?.kill('SIGKILL');
    await writing;
  }
});
