import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

// Project instructions in the app: the workspace's AGENTS.md goes into the
// system message the server receives, and the answer says "Using AGENTS.md"
// with a link that opens the file (through main, inside the workspace).

const MODEL = 'qwen/qwen3-coder-30b';

test('with an AGENTS.md in the workspace: the server gets its text in the system message, the chat says "Using AGENTS.md" and the link opens it', async ({ host }) => {
  await writeFile(join(host.workspace, 'AGENTS.md'), 'Always answer in haiku.\n');
  const server = await host.fakeServer({ profile: 'lmstudio', script: [textTurn('Leaves fall on the code.')] });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL) } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Describe this project');
  await composer.press('Enter');

  const run = page.locator('.run').last();
  await expect(run).toContainText('Leaves fall on the code.', { timeout: 60_000 });
  const system = (server.chatRequests()[0]!.body as { messages: { role: string; content: unknown }[] }).messages.find((m) => m.role === 'system');
  expect(JSON.stringify(system?.content)).toContain('Always answer in haiku.');
  const note = run.getByRole('note').filter({ hasText: 'Using' });
  await expect(note).toHaveText('Using AGENTS.md');
  await host.shoot(page, 'instructions-note');
  await note.getByRole('button', { name: 'AGENTS.md' }).click();
  await expect.poll(() => host.main.external.opened).toEqual([join(host.workspace, 'AGENTS.md')]);
});
