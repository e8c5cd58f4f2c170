import { expect, localSpec, test } from './fixtures';

// Issue 13 in the app: a local model's panel in the picker (its context and
// where it comes from; load, reload with another context, unload, cancel;
// its preset) and the context meter under the prompt, against the fake
// LM Studio (0.4's REST API) through the real main.

const CODER = 'qwen/qwen3-coder-30b';

test('reload a model with another context, save its preset, and see both in the next request and the meter', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', loadDelayMs: 1_500, script: [{ chunks: [{ text: 'Bonjour.' }] }] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, CODER) } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText(CODER);

  // The meter: nothing used yet of the 32k the model is loaded with, and the mark where trimming starts.
  const meter = page.getByRole('meter', { name: 'Context used' });
  await expect(meter).toHaveAttribute('aria-valuemax', '32768');
  await expect(page.getByTestId('context-meter')).toContainText('/ 32k');
  await expect(page.getByTestId('context-meter')).toHaveAttribute('title', /Past the mark \(28,672 tokens\) older messages are left out/);

  await page.getByTestId('model-picker').click();
  await page.getByRole('button', { name: `Load and preset: ${CODER}` }).click();
  const panel = page.getByTestId('model-panel');
  await expect(panel.getByTestId('model-context')).toHaveText('32,768 tokens — loaded (up to 262,144)');
  // Empty fields show the Qwen3-Coder figures that apply.
  await expect(panel.getByLabel('Temperature')).toHaveAttribute('placeholder', '0.7');
  await expect(panel.getByLabel('Top K')).toHaveAttribute('placeholder', '20');

  await panel.getByLabel('Context length to load with').fill('8192');
  await panel.getByRole('button', { name: 'Reload' }).click();
  await expect(panel.getByTestId('model-load-status')).toContainText(/Unloading|Loading with 8,192 tokens of context/);
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await host.shoot(page, 'model-panel-loading');
  await expect(panel.getByTestId('model-load-status')).toContainText('Loaded with 8,192 tokens of context', { timeout: 10_000 });
  await expect(panel.getByTestId('model-context')).toContainText('8,192 tokens — loaded');
  expect(lmstudio.controlLog.filter((l) => l.startsWith('load'))).toEqual([`load ${CODER} 8192`]);

  await panel.getByLabel('Temperature').fill('9');
  await expect(panel.getByText('At most 5')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Save preset' })).toBeDisabled();
  await panel.getByLabel('Temperature').fill('0.3');
  await panel.getByLabel('Extra system prompt').fill('Answer in French.');
  await panel.getByRole('button', { name: 'Save preset' }).click();
  await expect(panel.getByText('Saved. The next message uses it.')).toBeVisible();
  expect(host.main.settings.get().modelPresets).toEqual({ [CODER]: { temperature: 0.3, systemPrompt: 'Answer in French.' } });
  await host.shoot(page, 'model-panel');

  await panel.getByRole('button', { name: 'Back to the models' }).click();
  await expect(page.getByRole('listbox', { name: 'Models' })).toBeVisible();
  await page.keyboard.press('Escape');

  await expect(meter).toHaveAttribute('aria-valuemax', '8192');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Say hello');
  await composer.press('Enter');
  await expect(page.locator('.run').last()).toContainText('Bonjour.');
  // The preset over the family's figures, and its extra system prompt at the end of the system message.
  const body = lmstudio.chatRequests().at(-1)!.body as { temperature: number; top_p: number; top_k: number; messages: { role: string; content: string }[] };
  expect(body).toMatchObject({ temperature: 0.3, top_p: 0.8, top_k: 20 });
  expect(body.messages[0]!.content.endsWith('\n\nAnswer in French.')).toBe(true);
  // The meter now counts what the server counted for that request.
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(page.getByTestId('context-meter')).not.toContainText('~');
  await host.shoot(page, 'context-meter');
});

test('a load can be cancelled, and a server Punie cannot load on says why in one line', async ({ host }) => {
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', loadDelayMs: 20_000 });
  const mlx = await host.fakeServer({ profile: 'mlx-lm' });
  await host.start({ settings: { endpoints: [lmstudio.baseURL, mlx.baseURL] } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('LM Studio');

  await page.getByTestId('model-picker').click();
  await page.getByRole('button', { name: 'Load and preset: google/gemma-3-12b' }).click();
  const panel = page.getByTestId('model-panel');
  await expect(panel.getByTestId('model-context')).toContainText("LM Studio's default when it loads");
  await panel.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(panel.getByTestId('model-load-status')).toContainText('Loading');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByTestId('model-load-status')).toHaveText('Load cancelled', { timeout: 10_000 });
  await expect(panel.getByRole('button', { name: 'Load', exact: true })).toBeEnabled();

  await panel.getByRole('button', { name: 'Back to the models' }).click();
  await page.getByRole('button', { name: /^Load and preset: mlx-community\// }).first().click();
  await expect(page.getByTestId('model-no-load')).toHaveText('mlx-lm.server loads a model when a message names it; it cannot load or unload one on its own.');
  await expect(page.getByTestId('model-panel').getByLabel('Temperature')).toHaveAttribute('placeholder', '0.7');
});
