import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SETTINGS_FILE_NAME } from '../../electron/core/store/settingsFile';
import { closedPort } from '../fake-server/closedPort';
import { textTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

const KEY = 'sk-proj-TESTKEY-b7f1c2d9e4a86f03';

test('an API key goes to main and never back: not in the DOM, any field, the page heap, or a local server request', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('Local answer, no key needed.')] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
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
  expect(host.requestsTo('secrets.set').map((r) => r.input)).toEqual([{ provider: 'openai', key: { length: KEY.length } }]);
  expect(host.main.secrets.status().providers.openai).toEqual({ set: true, source: 'stored' });

  // Not in the DOM, not in any field, not in storage, and not anywhere in the page's heap.
  expect(await page.content()).not.toContain(KEY);
  const values = await page.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
  expect(values.join('\n')).not.toContain(KEY);
  const stored = await page.evaluate(() => {
    const g = globalThis as unknown as { localStorage: Record<string, string>; sessionStorage: Record<string, string> };
    return JSON.stringify({ ...g.localStorage }) + JSON.stringify({ ...g.sessionStorage });
  });
  expect(stored).not.toContain(KEY);
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
  await page.keyboard.press('Escape');

  // And the key never goes to a local server.
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello, local model');
  await composer.press('Enter');
  await expect(page.locator('.run').last()).toContainText('Local answer, no key needed.');
  expect(lmstudio.requests.length).toBeGreaterThan(0);
  for (const r of lmstudio.requests) expect(JSON.stringify(r.headers) + r.rawBody).not.toContain(KEY);
});

test('local endpoints: add (normalised), reorder and remove; the settings file follows', async ({ host }) => {
  const [a, b] = [await closedPort(), await closedPort()];
  const A = `http://127.0.0.1:${a}/v1`;
  const B = `http://127.0.0.1:${b}/v1`;
  await host.start({ settings: { endpoints: [A, B] } });
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
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
  await dialog.getByRole('button', { name: `Remove ${B}` }).click();
  await expect(rows).toHaveCount(2);

  expect(host.requestsTo('settings.set').map((r) => r.input)).toEqual([
    { endpoints: [A, B, 'http://127.0.0.1:11434/v1'] },
    { endpoints: [A, 'http://127.0.0.1:11434/v1', B] },
    { endpoints: [A, 'http://127.0.0.1:11434/v1'] },
  ]);
  // Discovery follows the new list, and so does the file on disk.
  await expect.poll(async () => (await host.main.services.servers.status(AbortSignal.timeout(5_000))).endpoints.map((e) => e.url)).toEqual([A, 'http://127.0.0.1:11434/v1']);
  await expect.poll(async () => JSON.parse(await readFile(join(host.dataDir, SETTINGS_FILE_NAME), 'utf8')).endpoints).toEqual([A, 'http://127.0.0.1:11434/v1']);
});

test('the quick-ask shortcut is recorded from a key press and a conflict is shown', async ({ host }) => {
  await host.start({ takenShortcuts: ['Alt+Space'] });
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByTestId('shortcut-status')).toContainText('Active everywhere');
  await dialog.getByRole('button', { name: 'Quick ask shortcut' }).click();
  await page.keyboard.press('Alt+Space');
  await expect(dialog.getByTestId('shortcut-status')).toContainText('another app');
  await host.shoot(page, 'settings-shortcut-conflict');
  await dialog.getByRole('button', { name: 'Quick ask shortcut' }).click();
  await page.keyboard.press('Control+Alt+KeyK');
  await expect(dialog.getByTestId('shortcut-status')).toContainText('Active everywhere');
  expect(host.requestsTo('settings.set').map((r) => r.input)).toEqual([{ quickAskShortcut: 'Alt+Space' }, { quickAskShortcut: 'CommandOrControl+Alt+K' }]);
  expect([...host.main.registrar.registered.keys()]).toEqual(['CommandOrControl+Alt+K']);
});

test('the theme follows the OS until settings pin it', async ({ host }) => {
  const page = await host.openMain();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(host.main.settings.get().theme).toBe('dark');
});

test('a cloud model without a key: the error opens the key field in settings', async ({ host }) => {
  await host.start({ settings: { lastModel: 'openai:gpt-4.1' } });
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

test('update checks can be turned off in General, and the choice is saved', async ({ host }) => {
  await host.start();
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const box = dialog.getByRole('checkbox', { name: 'Check for updates' });
  await expect(box).toBeChecked();
  await expect(dialog).toContainText('never in the middle of a run');
  await box.click();
  await expect(box).not.toBeChecked();
  await expect.poll(() => host.main.settings.get().checkUpdates).toBe(false);
  await host.shoot(page, 'settings-general-updates');
});

test('instructions for every conversation are saved in General and reach the model’s system prompt', async ({ host }) => {
  const server = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('Cheerio.')] });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const field = dialog.getByRole('textbox', { name: 'Instructions for every conversation' });
  await field.fill('Answer in British English.');
  await field.blur();
  await expect.poll(() => host.main.settings.get().systemPrompt).toBe('Answer in British English.');
  await host.shoot(page, 'settings-general-instructions');
  await page.keyboard.press('Escape');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Say bye');
  await composer.press('Enter');
  await expect(page.locator('.run').last()).toContainText('Cheerio.', { timeout: 30_000 });
  const body = server.chatRequests()[0]!.body as { messages: { role: string; content: string }[] };
  expect(body.messages.find((m) => m.role === 'system')?.content).toContain('Answer in British English.');
});

test('Permissions: reading secret files asks by default, beside the tools that change things', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('ok')] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Permissions' }).click();
  const secrets = dialog.getByRole('radiogroup', { name: 'Read secret files' });
  await expect(secrets.getByRole('radio', { name: 'Ask' })).toHaveAttribute('aria-checked', 'true');
  await expect(dialog).toContainText('.env files, keys and certificates, .ssh');
  await host.shoot(page, 'settings-permissions');
});
