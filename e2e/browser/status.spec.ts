import { closedPort } from '../fake-server/closedPort';
import { textTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

/** How soon a change of servers must show (discovery probes every 500 ms here). */
const NOTICED_MS = 5_000;

test('no local server: the guide replaces the empty chat and moves on by itself when a server appears', async ({ host }) => {
  const [a, b] = [await closedPort(), await closedPort()];
  await host.start({ settings: { endpoints: [`http://127.0.0.1:${a}/v1`, `http://127.0.0.1:${b}/v1`] } });
  const page = await host.openMain();
  const pill = page.getByTestId('status-pill');
  await expect(pill).toHaveAttribute('data-state', 'offline');
  await expect(pill).toContainText('No local server');
  const guide = page.getByTestId('no-server-guide');
  await expect(guide).toContainText('Start a local model server');
  await expect(guide).toContainText('mlx_lm.server --model');
  await expect(guide).toContainText(`Watching 127.0.0.1:${a}, 127.0.0.1:${b}`);
  await host.shoot(page, 'no-server-guide');

  await pill.click();
  const panel = page.getByRole('dialog', { name: 'Local servers' });
  await expect(panel.locator('.endpoint')).toHaveCount(2);
  await expect(panel.locator('.endpoint').first()).toContainText('Not running');
  await host.shoot(page, 'endpoint-panel-offline');
  const refreshes = host.requestsTo('servers.refresh').length;
  await panel.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => host.requestsTo('servers.refresh').length).toBe(refreshes + 1);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // LM Studio starts on the first port: the page notices without a reload.
  await host.fakeServer({ profile: 'lmstudio', port: a });
  await expect(guide).toBeHidden({ timeout: NOTICED_MS });
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(pill).toHaveAttribute('data-state', 'ready');
  await expect(pill).toContainText('LM Studio');
  await page.getByTestId('model-picker').click();
  await expect(page.getByRole('listbox', { name: 'Models' })).toContainText('qwen/qwen3-coder-30b');
});

test('the fake server goes away mid-conversation and comes back without a reload', async ({ host }) => {
  const first = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('Hello from LM Studio.')] });
  const port = first.port;
  await host.start({ settings: { endpoints: [first.baseURL], lastModel: localSpec(first.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Say hello');
  await composer.press('Enter');
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');

  await first.close();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-state', 'offline', { timeout: NOTICED_MS });
  await expect(page.getByTestId('server-banner')).toContainText('No local model server answers');
  await host.shoot(page, 'server-gone');

  const again = await host.fakeServer({ profile: 'lmstudio', port, script: [textTurn('Back again.')] });
  await expect(page.getByTestId('server-banner')).toBeHidden({ timeout: NOTICED_MS });
  await expect(page.getByTestId('status-pill')).toContainText('LM Studio');
  await composer.fill('Say hello again');
  await composer.press('Enter');
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');
  await expect(page.locator('.run').last()).toContainText('Back again.');
  expect(again.chatRequests()).toHaveLength(1);
});

test('the real llama-server goes away and comes back: status, banner and a new answer without a reload', async ({ host, llama: _llama }) => {
  const llama = await host.llamaServer({ alias: 'tiny', extraArgs: ['-c', '4096', '-np', '1'] });
  await host.start({ settings: { endpoints: [llama.baseURL], lastModel: localSpec(llama.baseURL, 'tiny') } });
  const page = await host.openMain();
  const pill = page.getByTestId('status-pill');
  await expect(pill).toContainText('llama.cpp');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Say hello');
  await composer.press('Enter');
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s', { timeout: 30_000 });

  await llama.stop();
  await expect(pill).toHaveAttribute('data-state', 'offline', { timeout: NOTICED_MS });
  await expect(page.getByTestId('server-banner')).toContainText('No local model server answers');

  await host.llamaServer({ alias: 'tiny', port: llama.port, extraArgs: ['-c', '4096', '-np', '1'] });
  await expect(page.getByTestId('server-banner')).toBeHidden({ timeout: NOTICED_MS });
  await expect(pill).toHaveAttribute('data-state', 'ready');
  await composer.fill('And again');
  await composer.press('Enter');
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s', { timeout: 30_000 });
});

test('a server without a model loaded says so', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    jit: false,
    lmstudioListsLoadedOnly: true,
    models: [{ id: 'qwen/qwen3-8b', loaded: false, contextLength: 32768, quantization: 'Q4_K_M', toolUse: true }],
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL] } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('No model loaded');
  await expect(page.getByTestId('welcome')).toContainText('LM Studio is running, but no model is loaded');
  await page.getByTestId('status-pill').click();
  await expect(page.getByRole('dialog', { name: 'Local servers' })).toContainText('Online · no model loaded');
  await host.shoot(page, 'no-model');
});

test('a server whose models load on demand is usable: it says so, and the first message loads one', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    jit: true,
    models: [
      { id: 'qwen/qwen3-8b', loaded: false, contextLength: 32768, quantization: 'Q4_K_M', toolUse: true },
      { id: 'google/gemma-3-12b', loaded: false, type: 'vlm', quantization: 'Q4_K_M' },
    ],
    script: [textTurn('Loaded and answering.')],
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL] } });
  const page = await host.openMain();
  const pill = page.getByTestId('status-pill');
  await expect(pill).toContainText('LM Studio');
  await expect(pill).toContainText('loads on demand');
  await expect(pill).not.toContainText('No model loaded');
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toContainText('LM Studio loads models on demand');
  await pill.click();
  await expect(page.getByRole('dialog', { name: 'Local servers' })).toContainText('Online · loads on demand');
  await page.keyboard.press('Escape');
  await host.shoot(page, 'loads-on-demand');

  await welcome.getByRole('button', { name: 'Pick a model' }).click();
  await page.getByRole('combobox', { name: 'Filter models' }).fill('qwen3-8b');
  await page.keyboard.press('Enter');
  await expect(welcome).toContainText('Your first message loads it');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello?');
  await composer.press('Enter');
  await expect(page.locator('.run').last()).toContainText('Loaded and answering.');
  await expect(page.getByTestId('server-banner')).toHaveCount(0);
});

test('a prompt to a local model with no server says what is wrong and offers the Test model', async ({ host }) => {
  await host.start({ settings: { endpoints: [`http://127.0.0.1:${await closedPort()}/v1`] } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-state', 'offline');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello?');
  await composer.press('Enter');
  const error = page.locator('.error-card[data-code="server-unavailable"]');
  await expect(error).toContainText('No local model server answers');
  await expect(error.getByRole('button', { name: 'Check again' })).toBeVisible();
  await expect(error.getByRole('button', { name: 'Show servers' })).toBeVisible();
  await host.shoot(page, 'error-server-unavailable');
  await error.getByRole('button', { name: 'Use the Test model' }).click();
  await expect(page.getByTestId('model-picker')).toContainText('Test model');
  await expect(composer).toBeFocused();
  await composer.fill('Hello, Test model?');
  await composer.press('Enter');
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');
});
