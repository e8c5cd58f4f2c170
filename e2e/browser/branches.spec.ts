import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

const MODEL = 'qwen/qwen3-coder-30b';

test('edit a prompt and send it again, regenerate an answer: each a branch, ‹ 1/2 › switches, the model is sent only the branch', async ({ host }) => {
  const lmstudio = await host.fakeServer({
    profile: 'lmstudio',
    script: [textTurn('Paris.'), textTurn('It has about two million people.'), textTurn('Rome.'), textTurn('Roma, the eternal city.')],
  });
  const spec = localSpec(lmstudio.baseURL, MODEL);
  await host.start({ settings: { endpoints: [lmstudio.baseURL], lastModel: spec } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  const runs = page.locator('.run');
  const send = async (text: string) => {
    await composer.fill(text);
    await composer.press('Enter');
  };

  await send('What is the capital of France?');
  await expect(runs.last().locator('.run-meta')).toBeVisible();
  await send('How many people live there?');
  await expect(runs).toHaveCount(2);
  await expect(runs.last().locator('.run-meta')).toBeVisible();

  // Edit the first prompt: a second branch from the start; the old one is kept.
  await runs.first().hover();
  await runs.first().getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByRole('textbox', { name: 'Edit prompt' });
  await editor.fill('What is the capital of Italy?');
  await editor.press('Enter');
  await expect(runs).toHaveCount(1);
  await expect(runs.first().locator('.user-text')).toHaveText('What is the capital of Italy?');
  await expect(runs.first().locator('.md')).toContainText('Rome.');
  await expect(runs.first().getByTestId('branch-count')).toHaveText('2/2');
  expect(host.requestsTo('agent.start').at(-1)!.input).toMatchObject({ parentRunId: null });
  // The model was sent the new prompt alone.
  const said = (i: number) => (lmstudio.chatRequests()[i]!.body as { messages: { role: string; content: unknown }[] }).messages.filter((m) => m.role !== 'system').map((m) => m.content);
  expect(said(2)).toEqual(['What is the capital of Italy?']);

  // Regenerate: a second answer to the same prompt.
  await expect(runs.first().locator('.run-meta')).toBeVisible();
  await runs.first().getByRole('button', { name: 'Regenerate' }).click();
  await expect(runs.first().locator('.md')).toContainText('Roma, the eternal city.');
  await expect(runs.first().getByTestId('branch-count')).toHaveText('3/3');
  expect(said(3)).toEqual(['What is the capital of Italy?']);
  await host.shoot(page, 'branches-regenerated');

  // ‹ back to the first branch: both of its runs come back, the files untouched.
  await runs.first().getByRole('button', { name: 'Previous branch' }).click();
  await runs.first().getByRole('button', { name: 'Previous branch' }).click();
  await expect(runs).toHaveCount(2);
  await expect(runs.first().getByTestId('branch-count')).toHaveText('1/3');
  await expect(runs.last().locator('.md')).toContainText('two million');
  await host.shoot(page, 'branches-first');

  // The switch is recorded: the sidebar's line and search follow the branch in view.
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByTestId('history-preview').first()).toContainText('two million', { timeout: 15_000 });
  expect(host.requestsTo('conversations.branch')).toHaveLength(2);
  const search = page.getByRole('textbox', { name: 'Search conversations' });
  await search.fill('eternal city');
  await expect(page.locator('.sidebar-empty')).toContainText('No conversations match');
  await search.fill('two million');
  await expect(sidebar.getByTestId('history-item')).toHaveCount(1);
  await host.shoot(page, 'branches-sidebar');
  await search.fill('');

  // Opened again after a reload, it is still on that branch (rebuilt from disk, the switch read from the log).
  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).locator('.history-open').first().click();
  await expect(runs).toHaveCount(2);
  await expect(runs.first().getByTestId('branch-count')).toHaveText('1/3');
  await expect(runs.last().locator('.md')).toContainText('two million');
  // Markdown export: that branch, not the latest.
  host.main.dialogs.savePath = join(host.dataDir, '..', 'exported.md');
  const item = sidebar.getByTestId('history-item').first();
  await item.hover();
  await item.getByRole('button', { name: /^Export/ }).click();
  await expect(page.locator('.toast')).toContainText('Exported the conversation.');
  const md = host.main.dialogs.saved.at(-1)!.text;
  expect(md).toContain('two million');
  expect(md).not.toContain('eternal city');
  expect(md).not.toContain('Italy');
});

test('leaving a branch whose runs changed files offers their undo: Keep files keeps them, Undo puts the folder back as the branch in view left it', async ({ host }) => {
  // Two runs that write, two dialogs: slow on a shared machine.
  test.setTimeout(120_000);
  await writeFile(join(host.workspace, 'notes.txt'), 'old notes\n');
  const write = (content: string) => ({ name: 'write_file', arguments: JSON.stringify({ path: 'notes.txt', content }) });
  const server = await host.fakeServer({
    profile: 'lmstudio',
    script: [toolTurn([write('first branch\n')]), textTurn('Wrote the first notes.'), toolTurn([write('second branch\n')]), textTurn('Wrote the second notes.')],
  });
  await host.start({
    settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL), permissionRules: { write_file: 'allow', edit_file: 'ask', run_command: 'ask' } },
  });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  const runs = page.locator('.run');
  const notes = () => readFile(join(host.workspace, 'notes.txt'), 'utf8');
  await composer.fill('Write my notes');
  await composer.press('Enter');
  await expect(runs.first()).toContainText('Wrote the first notes.', { timeout: 60_000 });
  await expect(runs.first().getByRole('button', { name: 'Undo this run' })).toBeVisible();
  expect(await notes()).toBe('first branch\n');

  // Regenerate leaves run 1, whose write is still there: offered before the new run starts; Keep files keeps it.
  await runs.first().getByRole('button', { name: 'Regenerate' }).click();
  const offer = page.getByRole('dialog', { name: /Undo run 1 of the branch you left/ });
  await expect(offer).toBeVisible();
  await expect(offer.getByRole('region', { name: 'notes.txt' }).locator('.diff-add')).toContainText(['old notes']);
  expect(host.requestsTo('agent.start')).toHaveLength(1);
  await host.shoot(page, 'branches-undo-offer');
  await offer.getByRole('button', { name: 'Keep files' }).click();
  await expect(offer).toBeHidden();
  await expect(runs.first()).toContainText('Wrote the second notes.', { timeout: 60_000 });
  await expect(runs.first().getByTestId('branch-count')).toHaveText('2/2');
  await expect(runs.first().getByRole('button', { name: 'Undo this run' })).toBeVisible();
  expect(await notes()).toBe('second branch\n');

  // ‹ back to the first branch leaves run 2: Undo puts back what it replaced, the first branch's notes.
  await runs.first().getByRole('button', { name: 'Previous branch' }).click();
  await expect(runs.first().getByTestId('branch-count')).toHaveText('1/2');
  const back = page.getByRole('dialog', { name: /Undo run 2 of the branch you left/ });
  await expect(back).toBeVisible();
  await back.getByRole('button', { name: 'Undo 1 file' }).click();
  await expect(back).toBeHidden();
  await expect.poll(notes).toBe('first branch\n');
  // The undo is the run's own: its footer says so once the view comes back to it, and coming back offers its redo.
  await runs.first().getByRole('button', { name: 'Next branch' }).click();
  await expect(runs.first().locator('.run-undo .badge')).toHaveText('Undone');
  const redo = page.getByRole('dialog', { name: /Redo run 2 of the branch you came back to/ });
  await expect(redo).toBeVisible();
  await expect(redo).toContainText('undone when you left its branch');
  await host.shoot(page, 'branches-redo-offer');
  await redo.getByRole('button', { name: 'Redo 1 file' }).click();
  await expect(redo).toBeHidden();
  await expect.poll(notes).toBe('second branch\n');
  await expect(runs.first().getByRole('button', { name: 'Undo this run' })).toBeVisible();
});
