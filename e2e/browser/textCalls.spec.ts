import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { piecesTurn, toolResultTurn } from '../fake-server/script';
import { TEXT_CALL_FORMS } from '../fake-server/textCallForms';
import { expect, localSpec, test } from './fixtures';

// Local models that write their tool calls and reasoning as text (issue 13):
// the app shows a card for the recovered call and never the markup; a call it
// could not run stays text, with a note in the conversation.

const MODEL = 'qwen/qwen3-coder-30b';

test('a Qwen3-Coder XML call written as text runs as a card; reasoning written inline is a reasoning block; no markup is shown', async ({ host }) => {
  await writeFile(join(host.workspace, 'notes.txt'), 'The meeting moved to Thursday.');
  const server = await host.fakeServer({
    profile: 'lmstudio',
    script: [piecesTurn(`<think>The user wants the notes.</think>${TEXT_CALL_FORMS.find((f) => f.id === 'qwen3-coder')!.one}`), toolResultTurn('notes.txt says: ')],
  });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL) } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('What does notes.txt say?');
  await composer.press('Enter');

  const run = page.locator('.run').last();
  await expect(run.locator('.md').last()).toContainText('notes.txt says: The meeting moved to Thursday.', { timeout: 15_000 });
  await expect(run.locator('.tool-card[data-tool="read_file"]')).toHaveAttribute('data-status', 'done');
  await expect(run).not.toContainText('<tool_call>');
  await expect(run).not.toContainText('<function=');
  await expect(run).not.toContainText('<think>');
  await expect(run).toContainText('I will read the notes.');
  await expect(run.locator('.reasoning')).toHaveCount(1);
  await host.shoot(page, 'text-call-recovered');
});

test('a call to a tool that was not offered stays text, with a note', async ({ host }) => {
  const written = 'Cleaning up.\n<tool_call>\n<function=delete_everything>\n<parameter=path>\n/\n</parameter>\n</function>\n</tool_call>';
  const server = await host.fakeServer({ profile: 'lmstudio', script: [piecesTurn(written)] });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL) } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Clean up.');
  await composer.press('Enter');

  const run = page.locator('.run').last();
  const note = run.getByRole('note');
  await expect(note).toContainText('was not run and is shown as text', { timeout: 15_000 });
  await expect(note).toContainText('"delete_everything"');
  await expect(run.locator('.tool-card')).toHaveCount(0);
  await host.shoot(page, 'text-call-rejected');
});
