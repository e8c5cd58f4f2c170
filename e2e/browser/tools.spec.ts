import { expect, test } from './fixtures';

test('tool calls show as cards and in the trace, with arguments and results', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('What do my notes say?');
  await composer.press('Enter');

  const run = page.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('2 turns');
  const read = run.locator('.tool-card[data-tool="read_file"]');
  await expect(read).toHaveAttribute('data-status', 'done');
  await expect(read.locator('.tool-args-short')).toHaveText('notes.md');
  await read.getByRole('button', { name: /Read/ }).click();
  await expect(read.locator('.tool-details')).toContainText('"path": "notes.md"');
  await expect(read.locator('.tool-details')).toContainText('Ship the cache fix');
  await expect(read.locator('.tool-details')).toContainText('4 lines');
  await host.shoot(page, 'tool-card-expanded');

  await page.getByRole('button', { name: 'Trace' }).click();
  const trace = page.getByRole('complementary', { name: 'Trace' });
  await expect(trace).toContainText('2 calls');
  await expect(trace.locator('.trace-item')).toHaveCount(2);
  await expect(trace.locator('.trace-item').nth(0)).toContainText('Read');
  await expect(trace.locator('.trace-item').nth(1)).toContainText('src  *.ts');
  await trace.locator('.trace-item').nth(1).getByRole('button').click();
  await expect(trace.locator('.trace-item').nth(1)).toContainText('src/forecast.ts');
  await host.shoot(page, 'trace-panel');
});

test('a permission allowed with the keyboard: the card shows the diff, then the edit runs', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Fix the cache key');
  await composer.press('Enter');

  const card = page.getByRole('region', { name: 'Permission request' });
  await expect(card).toContainText('Edit src/cache.ts');
  await expect(card.locator('.diff-add')).toHaveCount(2);
  await expect(card.locator('.diff-del')).toHaveCount(1);
  await expect(page.locator('.tool-card[data-tool="edit_file"]')).toHaveAttribute('data-status', 'waiting-permission');
  // Pinned: it stays in view even with the conversation scrolled to the top.
  await page.getByTestId('chat-scroll').evaluate((el) => (el.scrollTop = 0));
  await expect(card).toBeInViewport();
  await host.shoot(page, 'permission-edit');

  await page.keyboard.press('Control+Enter');
  await expect(card).toBeHidden();
  expect(host.main.requests).toContainEqual(expect.objectContaining({ route: 'agent.permission', input: { runId: expect.any(String), requestId: 'perm_edit', decision: 'once' } }));
  const run = page.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('2 turns');
  const edit = run.locator('.tool-card[data-tool="edit_file"]');
  await expect(edit).toHaveAttribute('data-status', 'done');
  await edit.getByRole('button', { name: /Edit/ }).click();
  await expect(edit).toContainText('You allowed this once.');
  await expect(edit.locator('.diff')).toBeVisible();
});

test('a permission denied with Esc: the run goes on and says nothing was changed', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Fix the cache key');
  await composer.press('Enter');
  const card = page.getByRole('region', { name: 'Permission request' });
  await expect(card).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(card).toBeHidden();
  expect(host.main.requests).toContainEqual(expect.objectContaining({ route: 'agent.permission', input: expect.objectContaining({ decision: 'deny' }) }));
  expect(host.main.requests.filter((r) => r.route === 'agent.abort')).toHaveLength(0);
  const run = page.locator('.run').last();
  await expect(run).toContainText('I left src/cache.ts unchanged');
  await expect(run.locator('.tool-card[data-tool="edit_file"]')).toHaveAttribute('data-status', 'denied');
  await host.shoot(page, 'permission-denied');
});

test('a command allowed for the conversation: exit code and output in the card', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Please run the tests');
  await composer.press('Enter');
  const card = page.getByRole('region', { name: 'Permission request' });
  await expect(card).toContainText('Run npm test');
  await expect(card).toContainText('"command": "npm"');
  await host.shoot(page, 'permission-command');
  await card.getByRole('button', { name: /Allow for this conversation/ }).click();
  await expect(card).toBeHidden();
  const command = page.locator('.tool-card[data-tool="run_command"]');
  await expect(command).toHaveAttribute('data-status', 'failed');
  await command.getByRole('button', { name: /Run/ }).click();
  await expect(command.locator('.badge-danger', { hasText: 'exit 1' })).toBeVisible();
  await expect(command).toContainText('keeps °C and °F apart');
  await expect(command).toContainText('2.3 s');
  await host.shoot(page, 'command-failed');
});
