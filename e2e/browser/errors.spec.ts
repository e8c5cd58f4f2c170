import { modelErrorFor } from '../fake-server/profiles';
import { errorTurn, textTurn, words } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

const MODEL = 'qwen/qwen3-coder-30b';

test('a broken stream keeps the partial answer and Try again sends the prompt again', async ({ host }) => {
  const partial = 'The forecast module fetches data once per city and';
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    script: [{ chunks: [...words(partial).map((w) => ({ text: w })), { die: true }], chunkDelayMs: 5 }, textTurn('Second time lucky.')],
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, MODEL) } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Please explain the forecast module');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  const error = run.locator('.error-card[data-code="stream-broken"]');
  await expect(error).toContainText('The answer was cut off', { timeout: 15_000 });
  await expect(run.locator('.md')).toContainText('fetches data once per city');
  await host.shoot(page, 'error-stream-broken');
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last()).toContainText('Second time lucky.');
  expect(host.requestsTo('agent.start').map((r) => (r.input as { prompt: string }).prompt)).toEqual(['Please explain the forecast module', 'Please explain the forecast module']);
});

test('a model that is not loaded offers another model', async ({ host }) => {
  const notLoaded = modelErrorFor('lmstudio', MODEL, false);
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [errorTurn(notLoaded.status, notLoaded.body)] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, MODEL) } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello');
  await composer.press('Enter');
  const error = page.locator('.error-card[data-code="model-not-loaded"]');
  await expect(error).toContainText('The model is not loaded', { timeout: 15_000 });
  await host.shoot(page, 'error-model-not-loaded');
  await error.getByRole('button', { name: 'Choose another model' }).click();
  await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
});

test('notices from main and menu commands reach the window', async ({ host }) => {
  // No endpoints and a local model chosen: once the first status arrives, the no-server guide (the welcome may show before it).
  const page = await host.openMain();
  await expect(page.getByTestId('no-server-guide')).toBeVisible();
  host.main.app.send('main', 'app.notice', {
    id: 'settings-file',
    level: 'warning',
    message: 'The settings file could not be read; defaults are in use.',
    path: '/home/ada/.config/Punie/settings.corrupt-2026-11-25.json',
  });
  const toast = page.locator('.toast-warning');
  await expect(toast).toContainText('The settings file could not be read');
  await expect(toast).toContainText('settings.corrupt-2026-11-25.json');
  await host.shoot(page, 'notice-toast');
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toBeHidden();

  host.main.app.send('main', 'app.command', { command: 'use-model', spec: 'test' });
  await expect(page.getByTestId('model-picker')).toContainText('Test model');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('no-server-guide')).toBeHidden();
  host.main.app.send('main', 'app.command', { command: 'open-settings' });
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});

test('a page opened outside Punie says so instead of failing', async ({ page, host }) => {
  await page.goto(`${host.origin}/index.html`);
  await expect(page.getByRole('alert')).toContainText('This page is part of the Punie app');
});
