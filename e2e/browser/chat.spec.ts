import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { words, type ScriptChunk } from '../fake-server/script';
import { expect, localSpec, nextFrame, test } from './fixtures';
import { seedConversation, turn } from './host/historySeed';

const ANSWER = [
  'The forecast module fetches data once per city and caches it.',
  '',
  '| Problem | Where |',
  '| --- | --- |',
  '| key ignores units | `cacheKey()` |',
  '',
  '```ts',
  'export function cacheKey(city: string, units: string): string {',
  '  return `${city}:${units}`;',
  '}',
  '```',
  '',
  'See the [MDN page on AbortSignal.timeout](https://developer.mozilla.org/docs/Web/API/AbortSignal/timeout_static).',
].join('\n');

/** Word-sized deltas, newlines kept (Markdown needs them). */
function streamOf(text: string): ScriptChunk[] {
  return (text.match(/\s*\S+|\n+/g) ?? []).map((w) => ({ text: w }));
}

test('pick a model with the keyboard and get a streamed Markdown answer with stats', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    script: [{ chunks: [{ reasoning: 'The cache key is built from the city only.' }, ...streamOf(ANSWER)], chunkDelayMs: 4 }],
  });
  await host.start({ settings: { endpoints: [lmstudio.baseURL] } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('LM Studio');
  await expect(page.getByTestId('status-pill')).toContainText('qwen/qwen3-coder-30b');
  await host.shoot(page, 'main-welcome');

  await page.getByTestId('model-picker').click();
  const menu = page.getByRole('listbox', { name: 'Models' });
  await expect(menu.getByRole('option', { name: /gemma-3-12b/ })).toContainText('Loads on demand');
  await expect(menu.locator('[data-spec="openai:gpt-4.1"]')).toHaveAttribute('aria-disabled', 'true');
  await expect(menu.getByRole('group', { name: 'OpenAI' }).getByTestId('picker-group-note')).toContainText('No OpenAI API key');
  await host.shoot(page, 'model-picker');
  await page.getByRole('combobox', { name: 'Filter models' }).fill('gemma');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('model-picker')).toContainText('google/gemma-3-12b');
  await expect.poll(() => host.requestsTo('settings.set').map((r) => r.input)).toContainEqual({ lastModel: localSpec(lmstudio.baseURL, 'google/gemma-3-12b') });

  await page.getByTestId('model-picker').click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const coder = localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b');
  await expect(page.getByTestId('model-picker')).toContainText('qwen/qwen3-coder-30b');
  expect(host.main.settings.get().lastModel).toBe(coder);

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
  await expect(run.getByRole('button', { name: /Reasoning/ })).toHaveAttribute('aria-expanded', 'false');
  // What reached the server: the model picked, streamed, with the prompt.
  const chat = lmstudio.chatRequests().at(-1)?.body as { model: string; stream: boolean; messages: { role: string; content: unknown }[] };
  expect(chat).toMatchObject({ model: 'qwen/qwen3-coder-30b', stream: true });
  expect(chat.messages.at(-1)).toMatchObject({ role: 'user', content: 'Review the forecast module' });
  await host.shoot(page, 'main-answer');

  await run.getByRole('link', { name: 'MDN page on AbortSignal.timeout' }).click();
  await expect.poll(() => host.main.external.opened).toEqual(['https://developer.mozilla.org/docs/Web/API/AbortSignal/timeout_static']);
});

test('a streamed answer from the real llama-server', async ({ host, llama: _llama }) => {
  const llama = await host.llamaServer({ alias: 'tiny', extraArgs: ['-c', '4096', '-np', '1'] });
  await host.start({ settings: { endpoints: [llama.baseURL] } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('llama.cpp');
  await page.getByTestId('model-picker').click();
  await page.getByRole('combobox', { name: 'Filter models' }).fill('tiny');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('model-picker')).toContainText('tiny');

  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Tell me about build servers.');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 30_000 });
  await expect(run.locator('.run-meta')).toContainText('tiny');
  // The words on screen are the words the server sent, as history recorded them.
  const [summary] = (await host.main.services.conversations.list({}, AbortSignal.timeout(5_000))).items;
  const stored = await host.main.services.conversations.get(summary!.id, AbortSignal.timeout(5_000));
  const answers = stored.messages.filter((m) => m.role === 'assistant');
  expect(answers.at(-1)).toMatchObject({ status: 'complete', model: localSpec(llama.baseURL, 'tiny') });
  const letters = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '');
  const shown = letters((await run.locator('.md').allInnerTexts()).join(''));
  expect(shown.length).toBeGreaterThan(0);
  expect(shown).toBe(letters(answers.map((m) => m.content).join('')));
  await host.shoot(page, 'llama-answer');
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
  expect(host.requestsTo('agent.start')).toHaveLength(0);
});

test('stop mid-answer with Esc keeps the partial text and closes the request', async ({ host }) => {
  const slow = 'Reading through the code base one file at a time, slowly and carefully, ' + 'and taking notes on every module along the way. '.repeat(30);
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [{ chunks: words(slow).map((w) => ({ text: w })), chunkDelayMs: 40 }] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Explain the code base slowly');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect(run.locator('.md')).toContainText('Reading through');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(run.locator('.run-meta')).toContainText('Stopped');
  expect(host.requestsTo('agent.abort')).toHaveLength(1);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(run.locator('.md')).toContainText('Reading through');
  // The socket closed, so the server stopped generating.
  const request = lmstudio.chatRequests().at(-1)!;
  await request.done;
  expect(request.clientClosedEarly).toBe(true);
  await host.shoot(page, 'main-stopped');
});

test('stop mid-answer against the real llama-server: the server cancels the task', async ({ host, llama: _llama }) => {
  // --ignore-eos keeps the tiny model writing until it is stopped.
  const llama = await host.llamaServer({ alias: 'tiny', extraArgs: ['-c', '8192', '-np', '1', '--ignore-eos'] });
  await host.start({ settings: { endpoints: [llama.baseURL], lastModel: localSpec(llama.baseURL, 'tiny') } });
  const page = await host.openMain();
  await expect(page.getByTestId('status-pill')).toContainText('llama.cpp');
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Write a very long story.');
  const mark = llama.logMark();
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect.poll(async () => (await run.locator('.md').innerText().catch(() => '')).length, { timeout: 30_000 }).toBeGreaterThan(40);
  await page.keyboard.press('Escape');
  await expect(run.locator('.run-meta')).toContainText('Stopped');
  await llama.waitForLog(/cancel task, id_task = \d+/, 10_000, mark);
  expect((await run.locator('.md').innerText()).length).toBeGreaterThan(40);
});

test('a reloaded window reattaches to its run and shows every word exactly once', async ({ host }) => {
  // About 8 s of streaming: the reload and the reattach happen well inside it, even on a busy machine.
  const text = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [{ chunks: words(text).map((w) => ({ text: w })), chunkDelayMs: 80 }] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Count slowly');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect(run.locator('.md')).toContainText('word5');
  await page.reload();
  await expect(run.locator('.user-text')).toHaveText('Count slowly');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 20_000 });
  // No word lost at the reload, none repeated.
  expect((await run.locator('.md').innerText()).replace(/\s+/g, ' ').trim()).toBe(text);
  await expect(page.locator('.run')).toHaveCount(1);
  await expect(page.locator('.history-item.is-active')).toContainText('Count slowly');
});

test('a long stored conversation opens from the sidebar in a virtual list', async ({ host }) => {
  const messages = Array.from({ length: 300 }, (_, i) =>
    turn(i, 1_700_000_000_000 + i * 10_000, `Question number ${i}`, `Answer ${i}, with a list:\n\n- one\n- two\n\n\`\`\`ts\nconst n = ${i};\n\`\`\``),
  ).flat();
  await seedConversation(host.dataDir, { id: 'conv-long', createdAt: 1_700_000_000_000, model: 'test', messages });
  const page = await host.openMain();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Question number 0/ }).click();

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
  const other = await mkdtemp(join(host.dataDir, '..', 'weather-app-'));
  const page = await host.openMain();
  const chip = page.locator('.composer .chip').first();
  await expect(chip).toHaveAttribute('title', new RegExp(host.workspace));
  host.main.dialogs.folder = other;
  await chip.click();
  await page.getByRole('menuitem', { name: 'Choose another folder…' }).click();
  await expect(chip).toHaveAttribute('title', new RegExp(other));
  expect(host.main.settings.get()).toMatchObject({ workspace: other, recentWorkspaces: [other, host.workspace] });

  await page.getByRole('button', { name: 'Use the built-in Test model' }).click();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Hello there');
  await composer.press('Enter');
  await expect.poll(() => host.requestsTo('agent.start')[0]?.input).toMatchObject({ workspace: other, modelSpec: 'test' });
  await expect(page.locator('.run').last().locator('.run-meta')).toContainText('tok/s');
});

test('a long answer lays out the same while it streams in chunks as when it is opened again', async ({ host }) => {
  const kinds = [
    (i: number) => `Paragraph ${i}: the cache keeps one entry per city, and **units** were left out of its key.`,
    (i: number) => `## Step ${i}`,
    (i: number) => `- first point of ${i}\n- second point\n  - nested`,
    () => '---',
    (i: number) => `\`\`\`ts\nconst step${i} = ${i};\n\`\`\``,
    (i: number) => `> A note on step ${i}.`,
  ];
  // Enough blocks for several chunks, with rules, headings and code at their edges.
  const answer = Array.from({ length: 53 }, (_, i) => kinds[i % kinds.length]!(i)).join('\n\n');
  const lmstudio = await host.fakeServer({ profile: 'lmstudio', script: [{ chunks: streamOf(answer), chunkDelayMs: 1 }] });
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: localSpec(lmstudio.baseURL, 'qwen/qwen3-coder-30b') } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Walk me through it');
  await composer.press('Enter');
  const run = page.locator('.run').last();
  await expect(run.locator('.run-meta')).toContainText('tok/s', { timeout: 30_000 });
  await expect(run.locator('.md.md-live > .md-chunk')).toHaveCount(4);

  // Each top-level block's offset and height inside the answer, chunks seen through.
  const layout = () =>
    run.locator('.md').evaluate((md) => {
      const top = md.getBoundingClientRect().top;
      const blocks = [...md.children].flatMap((c) => (c.classList.contains('md-chunk') ? [...c.children] : [c]));
      return blocks.map((b) => {
        const r = b.getBoundingClientRect();
        return [b.tagName, Math.round(r.top - top), Math.round(r.height)] as const;
      });
    });
  const streamed = await layout();
  await host.shoot(page, 'long-answer-streamed');
  await page.reload();
  await expect(run.locator('.md')).toContainText('A note on step 47');
  await expect(run.locator('.md-chunk')).toHaveCount(0);
  const reopened = await layout();
  expect(streamed.length).toBeGreaterThan(50);
  expect(streamed).toEqual(reopened);
});
