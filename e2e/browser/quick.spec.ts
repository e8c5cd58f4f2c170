import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolTurn, words } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

const MODEL = 'qwen/qwen3-coder-30b';
const ANSWER = 'The cache key ignores units. Fix it in `cacheKey()`:\n\n```ts\nexport const cacheKey = (city: string, units: string) => `${city}:${units}`;\n```';

test('quick ask streams an answer and hands the conversation to the main window', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [textTurn(ANSWER, { chunkDelayMs: 5 })] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, MODEL) } });
  const main = await host.openMain();
  const quick = await host.openQuick();
  await expect(quick.getByTestId('status-pill')).toContainText('LM Studio');
  await expect(quick.getByTestId('model-picker')).toContainText(MODEL);
  await host.shoot(quick, 'quick-empty');

  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('Review the forecast module');
  await input.press('Enter');
  const run = quick.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('tok/s');
  await expect(run.locator('.code-block')).toContainText('cacheKey');
  await host.shoot(quick, 'quick-answer');

  // The main window's history already lists it (conversations.changed).
  await expect(main.getByTestId('history-item').first()).toContainText('Review the forecast module');

  await quick.getByRole('button', { name: 'Open in Punie' }).click();
  await expect.poll(() => host.requestsTo('app.openMain').length).toBe(1);
  const handoff = host.requestsTo('app.openMain')[0]!;
  expect(handoff.window).toBe('quick');
  const { conversationId } = handoff.input as { conversationId: string };
  expect(host.main.windows.calls).toEqual(expect.arrayContaining(['showMain', 'hideQuickAsk']));
  await expect(main.locator('.run').last().locator('.user-text')).toHaveText('Review the forecast module');
  await expect(main.locator('.run').last().locator('.code-block')).toContainText('cacheKey');
  expect(host.requestsTo('conversations.get').some((r) => r.window === 'main' && (r.input as { id: string }).id === conversationId)).toBe(true);
  await expect(main.locator('.history-item.is-active')).toContainText('Review the forecast module');
  await host.shoot(main, 'main-after-handoff');
});

test('quick ask against the real llama-server streams an answer', async ({ host, llama: _llama }) => {
  const llama = await host.llamaServer({ alias: 'tiny', extraArgs: ['-c', '4096', '-np', '1'] });
  await host.start({ settings: { endpoints: [llama.baseURL], lastModel: localSpec(llama.baseURL, 'tiny') } });
  const quick = await host.openQuick();
  await expect(quick.getByTestId('status-pill')).toContainText('llama.cpp');
  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('What is a build server?');
  await input.press('Enter');
  const run = quick.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 30_000 });
  await expect(run.locator('.md')).not.toBeEmpty();
  await expect(quick.getByRole('button', { name: 'Open in Punie' })).toBeEnabled();
});

test('quick ask shows permission cards; Esc denies first, then hides the window', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    script: [toolTurn([{ name: 'write_file', arguments: JSON.stringify({ path: 'quick-note.txt', content: 'remember the milk\n' }) }]), textTurn('Fine, no note then.')],
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, MODEL) } });
  const quick = await host.openQuick();
  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('Note: remember the milk');
  await input.press('Enter');
  const card = quick.getByRole('region', { name: 'Permission request' });
  await expect(card).toContainText('quick-note.txt', { timeout: 15_000 });
  await host.shoot(quick, 'quick-permission');
  await quick.keyboard.press('Escape');
  await expect(card).toBeHidden();
  expect(host.requestsTo('app.hideQuickAsk')).toHaveLength(0);
  await expect(quick.locator('.tool-card[data-tool="write_file"]')).toHaveAttribute('data-status', 'denied');
  await expect(quick.locator('.run').last()).toContainText('Fine, no note then.');
  await expect(access(join(host.workspace, 'quick-note.txt'))).rejects.toThrow();
  await quick.keyboard.press('Escape');
  await expect.poll(() => host.requestsTo('app.hideQuickAsk').length).toBe(1);
  expect(host.main.windows.calls).toContain('hideQuickAsk');
});

test('a reloaded quick-ask window reattaches to its run', async ({ host }) => {
  // About 8 s of streaming: the reload and the reattach happen well inside it, even on a busy machine.
  const text = Array.from({ length: 100 }, (_, i) => `step${i}`).join(' ');
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [{ chunks: words(text).map((w) => ({ text: w })), chunkDelayMs: 80 }] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, MODEL) } });
  const quick = await host.openQuick();
  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('Count the steps');
  await input.press('Enter');
  const run = quick.locator('.run').last();
  await expect(run.locator('.md')).toContainText('step5');
  await quick.reload();
  await expect(run.locator('.user-text')).toHaveText('Count the steps');
  await expect(quick.getByRole('button', { name: /Stop/ })).toBeVisible();
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 20_000 });
  expect((await run.locator('.md').innerText()).replace(/\s+/g, ' ').trim()).toBe(text);
  await expect(quick.locator('.run')).toHaveCount(1);
});
