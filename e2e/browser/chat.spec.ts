import { expect, nextFrame, test } from './fixtures';
import { GEMMA_SPEC, QWEN_SPEC } from './standIn/cannedData';
import { holdScript } from './standIn/runScripts';

test('pick a model with the keyboard and get a streamed Markdown answer with stats', async ({ host }) => {
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('LM Studio');
  await expect(page.getByTestId('model-picker')).toContainText('qwen/qwen3-8b');
  await host.shoot(page, 'main-welcome');

  await page.getByTestId('model-picker').click();
  const menu = page.getByRole('listbox', { name: 'Models' });
  await expect(menu.getByRole('option', { name: /gemma-3-12b/ })).toContainText('Loads on demand');
  await expect(menu.locator('[data-spec="openai:gpt-4.1"]')).toHaveAttribute('aria-disabled', 'true');
  await expect(menu.locator('[data-spec="openai:gpt-4.1"]')).toContainText('No OpenAI API key');
  await host.shoot(page, 'model-picker');
  await page.getByRole('combobox', { name: 'Filter models' }).fill('gemma');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('model-picker')).toContainText('google/gemma-3-12b');
  expect(host.main.requests).toContainEqual(expect.objectContaining({ route: 'settings.set', input: { lastModel: GEMMA_SPEC } }));

  await page.getByTestId('model-picker').click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('model-picker')).toContainText('qwen/qwen3-8b');

  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Review the forecast module');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');

  const run = page.locator('.run').last();
  await expect(run.locator('.user-text')).toHaveText('Review the forecast module');
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 15_000 });
  await expect(run.locator('.md table')).toContainText('key ignores units');
  await expect(run.locator('.code-block')).toContainText('cacheKey');
  await expect(run.locator('.code-block .hljs-keyword').first()).toBeVisible();
  await expect(run.getByRole('link', { name: 'MDN page on AbortSignal.timeout' })).toBeVisible();
  await expect(run.getByRole('button', { name: /Reasoning/ })).toHaveAttribute('aria-expanded', 'false');
  expect(host.main.requests).toContainEqual(
    expect.objectContaining({ route: 'agent.start', input: expect.objectContaining({ prompt: 'Review the forecast module', modelSpec: QWEN_SPEC }) }),
  );
  await host.shoot(page, 'main-answer');

  await run.getByRole('link', { name: 'MDN page on AbortSignal.timeout' }).click();
  await expect.poll(() => host.main.requests.filter((r) => r.route === 'app.openExternal').length).toBe(1);
});

test('Shift+Enter adds a line and Enter during IME composition does not send', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.click();
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(composer).toHaveValue('first line\nsecond line');

  // A real composition through Chromium's IME input: Enter confirms the text and must not send.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
  await cdp.send('Input.insertText', { text: '日本語' });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
  await expect(composer).toHaveValue('first line\nsecond line日本語');
  expect(host.main.requests.filter((r) => r.route === 'agent.start')).toHaveLength(0);

  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  expect(host.main.requests.filter((r) => r.route === 'agent.start')).toHaveLength(1);
});

test('stop mid-answer with Esc keeps the partial text', async ({ host }) => {
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Explain the code base slowly');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect(run.locator('.md')).toContainText('Reading through');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(run.locator('.run-meta')).toContainText('Stopped');
  expect(host.main.requests.filter((r) => r.route === 'agent.abort')).toHaveLength(1);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(run.locator('.md')).toContainText('Reading through');
  await host.shoot(page, 'main-stopped');
});

test('a reloaded window reattaches to a run still in flight', async ({ host }) => {
  const page = await host.openMain();
  const { conversationId } = host.main.startRun({ prompt: 'Refactor the cache', modelSpec: QWEN_SPEC, script: holdScript });
  await page.reload();
  const run = page.locator('.run').last();
  await expect(run.locator('.user-text')).toHaveText('Refactor the cache');
  await expect(run.locator('.md')).toContainText('Still working on the first part');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  expect(host.main.requests.some((r) => r.route === 'conversations.get' && (r.input as { id: string }).id === conversationId)).toBe(true);
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(run.locator('.run-meta')).toContainText('Stopped');
});

test('a long stored conversation opens in a virtual list and scrolls to its start', async ({ host }) => {
  const messages = Array.from({ length: 300 }, (_, i) => [
    { role: 'user' as const, id: `u${i}`, content: `Question number ${i}`, createdAt: 1_000 + i * 10 },
    {
      role: 'assistant' as const,
      id: `a${i}`,
      content: `Answer ${i}, with a list:\n\n- one\n- two\n\n\`\`\`ts\nconst n = ${i};\n\`\`\``,
      status: 'complete' as const,
      stats: { durationMs: 800, turns: 1, outputTokens: 40, tokensPerSecond: 50 },
      createdAt: 1_005 + i * 10,
    },
  ]).flat();
  host.main.seedConversation({ id: 'conv-long', title: 'Question number 0', createdAt: 1_000, updatedAt: 5_000, messageCount: messages.length, messages });
  const page = await host.openMain();
  await expect(page.getByTestId('welcome')).toBeVisible();
  host.main.emit('app.command', { command: 'open-conversation', conversationId: 'conv-long' }, 'main');

  await expect(page.locator('.run').last().locator('.user-text')).toHaveText('Question number 299');
  const rendered = await page.locator('.run').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(20);
  await host.shoot(page, 'long-conversation');

  const scroller = page.getByTestId('chat-scroll');
  for (let i = 0; i < 60; i++) {
    if (await page.locator('.run', { hasText: 'Question number 0' }).first().isVisible()) break;
    await scroller.evaluate((el) => el.scrollBy(0, -4_000));
    await nextFrame(page);
  }
  await expect(page.locator('.user-text', { hasText: /^Question number 0$/ })).toBeVisible();
  expect(await page.locator('.run').count()).toBeLessThan(20);
});

test('the workspace is shown and changed through the folder dialog', async ({ host }) => {
  const page = await host.openMain();
  const chip = page.getByRole('button', { name: 'weather-app' });
  await expect(chip).toHaveAttribute('title', /\/Users\/ada\/code\/weather-app/);
  await chip.click();
  await expect(page.getByRole('button', { name: 'punie', exact: true })).toBeVisible();
  expect(host.main.requests.filter((r) => r.route === 'workspace.pick')).toHaveLength(1);

  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello there');
  await composer.press('Enter');
  await expect.poll(() => host.main.requests.find((r) => r.route === 'agent.start')?.input).toMatchObject({ workspace: '/Users/ada/code/punie' });
});
