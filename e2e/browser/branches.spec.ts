import { textTurn } from '../fake-server/script';
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

  // Opened again from history, the branches are there (rebuilt from disk), the latest in view.
  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).locator('.history-open').first().click();
  await expect(runs).toHaveCount(1);
  await expect(runs.first().getByTestId('branch-count')).toHaveText('3/3');
  await expect(runs.first().locator('.md')).toContainText('Roma, the eternal city.');
});
