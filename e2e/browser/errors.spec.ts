import { expect, test } from './fixtures';
import { errorScript } from './standIn/runScripts';

test('a broken stream keeps the partial answer and Try again sends the prompt again', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Please break the stream');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  const error = run.locator('.error-card[data-code="stream-broken"]');
  await expect(error).toContainText('The answer was cut off');
  await expect(error).toContainText('Try again; if it keeps happening');
  await expect(run.locator('.md')).toContainText('The forecast module fetches data once per');
  await host.shoot(page, 'error-stream-broken');
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.run')).toHaveCount(2);
  expect(host.main.requests.filter((r) => r.route === 'agent.start').map((r) => (r.input as { prompt: string }).prompt)).toEqual([
    'Please break the stream',
    'Please break the stream',
  ]);
});

test('a model that is not loaded offers another model', async ({ host }) => {
  const page = await host.openMain();
  host.main.nextScript = errorScript('model-not-loaded', 'LM Studio has no model loaded for qwen/qwen3-8b.', 'Load it in LM Studio, or pick one marked “Loads on demand”.');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello');
  await composer.press('Enter');
  const error = page.locator('.error-card[data-code="model-not-loaded"]');
  await expect(error).toContainText('The model is not loaded');
  await error.getByRole('button', { name: 'Choose another model' }).click();
  await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
});

test('notices from main and menu commands reach the window', async ({ host }) => {
  const page = await host.openMain();
  await expect(page.getByTestId('welcome')).toBeVisible();
  host.main.emit('app.notice', {
    id: 'quarantine-1',
    level: 'warning',
    message: '1 conversation could not be read; it was kept aside.',
    path: '/Users/ada/Library/Application Support/Punie/quarantine/2026-11-25T10-04-11.jsonl',
  });
  const toast = page.locator('.toast-warning');
  await expect(toast).toContainText('1 conversation could not be read');
  await expect(toast).toContainText('quarantine/2026-11-25T10-04-11.jsonl');
  await host.shoot(page, 'notice-toast');
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toBeHidden();

  host.main.emit('app.command', { command: 'use-model', spec: 'test' });
  await expect(page.getByTestId('model-picker')).toContainText('Test model');
  host.main.emit('app.command', { command: 'open-settings' });
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});

test('a page opened outside Punie says so instead of failing', async ({ page, host }) => {
  await page.goto(`${host.origin}/index.html`);
  await expect(page.getByRole('alert')).toContainText('This page is part of the Punie app');
});
