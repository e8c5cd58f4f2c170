import { expect, test } from './fixtures';

test.describe('no local server', () => {
  test.use({ scene: 'offline' });

  test('the guide replaces the empty chat and moves on by itself when a server appears', async ({ host }) => {
    const page = await host.openMain();
    const pill = page.getByTestId('status-pill');
    await expect(pill).toHaveAttribute('data-state', 'offline');
    await expect(pill).toContainText('No local server');
    const guide = page.getByTestId('no-server-guide');
    await expect(guide).toContainText('Start a local model server');
    await expect(guide).toContainText('mlx_lm.server --model');
    await expect(guide).toContainText('Watching 127.0.0.1:1234, 127.0.0.1:8080');
    await host.shoot(page, 'no-server-guide');

    await pill.click();
    const panel = page.getByRole('dialog', { name: 'Local servers' });
    await expect(panel.locator('.endpoint')).toHaveCount(2);
    await expect(panel).toContainText('connection refused');
    await host.shoot(page, 'endpoint-panel-offline');
    await panel.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => host.main.requests.filter((r) => r.route === 'servers.refresh').length).toBe(1);
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    const listsBefore = host.main.requests.filter((r) => r.route === 'models.list').length;
    host.main.setServers('ready');
    await expect(guide).toBeHidden();
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(pill).toHaveAttribute('data-state', 'ready');
    await expect.poll(() => host.main.requests.filter((r) => r.route === 'models.list').length).toBeGreaterThan(listsBefore);
  });

  test('a prompt to a local model says what is wrong and offers the Test model', async ({ host }) => {
    const page = await host.openMain();
    const composer = page.getByRole('textbox', { name: 'Prompt' });
    await composer.fill('Hello?');
    await composer.press('Enter');
    const error = page.locator('.error-card[data-code="server-unavailable"]');
    await expect(error).toContainText('No local model server answers');
    await expect(error.getByRole('button', { name: 'Check again' })).toBeVisible();
    await expect(error.getByRole('button', { name: 'Show servers' })).toBeVisible();
    await expect(composer).toHaveValue('Hello?');
    await host.shoot(page, 'error-server-unavailable');
    await error.getByRole('button', { name: 'Use the Test model' }).click();
    await expect(page.getByTestId('model-picker')).toContainText('Test model');
    await composer.press('Enter');
    await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');
  });
});

test.describe('a server without a model', () => {
  test.use({ scene: 'no-model' });

  test('says so and points at models that load on demand', async ({ host }) => {
    const page = await host.openMain();
    await expect(page.getByTestId('status-pill')).toContainText('No model loaded');
    await expect(page.getByTestId('welcome')).toContainText('LM Studio is running, but no model is loaded');
    await host.shoot(page, 'no-model');
  });
});

test('the server goes away mid-conversation and comes back without a reload', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Say hello');
  await composer.press('Enter');
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');

  host.main.setServers('offline');
  await expect(page.getByTestId('status-pill')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('server-banner')).toContainText('No local model server answers');
  await host.shoot(page, 'server-gone');

  host.main.setServers('ready');
  await expect(page.getByTestId('server-banner')).toBeHidden();
  await expect(page.getByTestId('status-pill')).toContainText('LM Studio');
  await composer.fill('Say hello again');
  await composer.press('Enter');
  await expect(page.locator('.run')).toHaveCount(2);
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');
});
