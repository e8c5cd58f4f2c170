import { expect, test } from './fixtures';

const KEY = 'sk-proj-TESTKEY-b7f1c2d9e4a86f03';

test('an API key goes to main and never back: the field empties and the page keeps no trace of it', async ({ host }) => {
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await host.shoot(page, 'settings-general');
  await dialog.getByRole('button', { name: 'API keys' }).click();
  const form = dialog.locator('form[data-provider="openai"]');
  await expect(form).toContainText('Not set');
  const input = form.getByLabel('OpenAI');
  await expect(input).toHaveAttribute('type', 'password');
  await input.fill(KEY);
  await form.getByRole('button', { name: 'Save' }).click();

  await expect(form.getByTestId('key-state')).toHaveText('Set');
  await expect(input).toHaveValue('');
  expect(host.main.keysReceived).toEqual([{ provider: 'openai', length: KEY.length }]);

  // Not in the DOM, not in any field, not in storage, and not anywhere in the page's heap.
  expect(await page.content()).not.toContain(KEY);
  const values = await page.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
  expect(values.join('\n')).not.toContain(KEY);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  let snapshot = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => (snapshot += chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  expect(snapshot.length).toBeGreaterThan(1_000);
  expect(snapshot.includes(KEY)).toBe(false);
  await host.shoot(page, 'settings-keys');

  // Cloud models become usable once the key is set.
  await dialog.getByRole('button', { name: 'Close settings' }).click();
  await page.getByTestId('model-picker').click();
  await expect(page.locator('[data-spec="openai:gpt-4.1"]')).toHaveAttribute('aria-disabled', 'false');
});

test('local endpoints: add (normalised), reorder and remove', async ({ host }) => {
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Local servers' }).click();
  const rows = dialog.locator('.endpoint-edit-row');
  await expect(rows).toHaveCount(2);

  await dialog.getByLabel('New server address').fill('ftp://nope');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.locator('.field-error')).toContainText('http:// or https://');

  await dialog.getByLabel('New server address').fill('127.0.0.1:11434');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toContainText('http://127.0.0.1:11434/v1');

  await dialog.getByRole('button', { name: 'Move http://127.0.0.1:11434/v1 up' }).click();
  await expect(rows.nth(1)).toContainText('http://127.0.0.1:11434/v1');
  await host.shoot(page, 'settings-endpoints');
  await dialog.getByRole('button', { name: 'Remove http://127.0.0.1:8080/v1' }).click();
  await expect(rows).toHaveCount(2);

  const sets = host.main.requests.filter((r) => r.route === 'settings.set').map((r) => r.input);
  expect(sets).toEqual([
    { endpoints: ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:8080/v1', 'http://127.0.0.1:11434/v1'] },
    { endpoints: ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:11434/v1', 'http://127.0.0.1:8080/v1'] },
    { endpoints: ['http://127.0.0.1:1234/v1', 'http://127.0.0.1:11434/v1'] },
  ]);
});

test('the quick-ask shortcut is recorded from a key press and a conflict is shown', async ({ host }) => {
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByTestId('shortcut-status')).toContainText('Active everywhere');
  await dialog.getByRole('button', { name: 'Quick ask shortcut' }).click();
  await page.keyboard.press('Alt+Space');
  await expect(dialog.getByTestId('shortcut-status')).toContainText('another app already uses this shortcut');
  await host.shoot(page, 'settings-shortcut-conflict');
  await dialog.getByRole('button', { name: 'Quick ask shortcut' }).click();
  await page.keyboard.press('Control+Alt+KeyK');
  await expect(dialog.getByTestId('shortcut-status')).toContainText('Active everywhere');
  expect(host.main.requests.filter((r) => r.route === 'settings.set').map((r) => r.input)).toEqual([
    { quickAskShortcut: 'Alt+Space' },
    { quickAskShortcut: 'CommandOrControl+Alt+K' },
  ]);
});

test('the theme follows the OS until settings pin it', async ({ host }) => {
  const page = await host.openMain();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(host.main.requests).toContainEqual(expect.objectContaining({ route: 'settings.set', input: { theme: 'dark' } }));
});

test.describe('a cloud model without a key', () => {
  test.use({ settings: { lastModel: 'openai:gpt-4.1' } });

  test('the error opens the key field in settings', async ({ host }) => {
    const page = await host.openMain();
    const composer = page.getByRole('textbox', { name: 'Prompt' });
    await composer.fill('Hello');
    await composer.press('Enter');
    const error = page.locator('.error-card[data-code="auth-missing"]');
    await expect(error).toContainText('An OpenAI API key is needed');
    await host.shoot(page, 'error-auth-missing');
    await error.getByRole('button', { name: 'Add OpenAI key' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByLabel('OpenAI')).toBeFocused();
  });
});
