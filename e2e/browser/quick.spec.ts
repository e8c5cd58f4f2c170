import { expect, test } from './fixtures';

test('quick ask streams an answer and hands the conversation to the main window', async ({ host }) => {
  const main = await host.openMain();
  const quick = await host.openQuick();
  await expect(quick.getByTestId('status-pill')).toContainText('LM Studio');
  await expect(quick.getByTestId('model-picker')).toContainText('qwen/qwen3-8b');
  await host.shoot(quick, 'quick-empty');

  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('Review the forecast module');
  await input.press('Enter');
  const run = quick.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('tok/s');
  await expect(run.locator('.code-block')).toContainText('cacheKey');
  await host.shoot(quick, 'quick-answer');

  await quick.getByRole('button', { name: 'Open in Punie' }).click();
  const handoff = host.main.requests.find((r) => r.route === 'app.openMain');
  expect(handoff?.window).toBe('quick');
  const conversationId = (handoff?.input as { conversationId: string }).conversationId;
  expect(conversationId).toMatch(/^conv-/);
  await expect(main.locator('.run').last().locator('.user-text')).toHaveText('Review the forecast module');
  await expect(main.locator('.run').last().locator('.code-block')).toContainText('cacheKey');
  expect(host.main.requests).toContainEqual(expect.objectContaining({ route: 'conversations.get', input: { id: conversationId }, window: 'main' }));
  await host.shoot(main, 'main-after-handoff');
});

test('quick ask shows permission cards and Esc hides the window', async ({ host }) => {
  const quick = await host.openQuick();
  const input = quick.getByRole('textbox', { name: 'Prompt' });
  await input.fill('Fix the cache key');
  await input.press('Enter');
  const card = quick.getByRole('region', { name: 'Permission request' });
  await expect(card).toContainText('Edit src/cache.ts');
  await host.shoot(quick, 'quick-permission');
  // Esc answers the pending card first (deny), and only then hides the window.
  await quick.keyboard.press('Escape');
  await expect(card).toBeHidden();
  expect(host.main.requests.filter((r) => r.route === 'app.hideQuickAsk')).toHaveLength(0);
  await expect(quick.locator('.tool-card[data-tool="edit_file"]')).toHaveAttribute('data-status', 'denied');
  await quick.keyboard.press('Escape');
  await expect.poll(() => host.main.requests.filter((r) => r.route === 'app.hideQuickAsk').length).toBe(1);
});
