import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

// A workspace per conversation, in the app: a conversation keeps the folder
// it started in (shown above it), choosing another folder starts a new
// conversation, continuing an old one works in its own folder, and a folder
// that is gone says so and can be picked again.

const MODEL = 'qwen/qwen3-coder-30b';

test('the workspace is shown and kept per conversation; another folder starts a new conversation; a gone folder can be picked again', async ({ host }) => {
  test.setTimeout(120_000);
  const a = host.workspace;
  const b = join(host.dataDir, '..', 'other-project');
  await mkdir(b);
  await writeFile(join(a, 'a.txt'), 'written in A\n');
  await writeFile(join(b, 'a.txt'), 'written in B\n');
  const server = await host.fakeServer({
    profile: 'lmstudio',
    script: [
      textTurn('Started in A.'),
      textTurn('Started in B.'),
      toolTurn([{ name: 'read_file', arguments: '{"path":"a.txt"}' }]),
      textTurn('Read it.'),
      textTurn('Here again.'),
    ],
  });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL), workspace: a, recentWorkspaces: [a, b] } });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  const bar = page.getByRole('note', { name: 'Conversation folder' });
  const chip = page.locator('.composer .workspace-chip .chip');
  const send = async (text: string) => {
    await composer.fill(text);
    await composer.press('Enter');
  };

  await send('Start in A');
  await expect(page.locator('.run').last()).toContainText('Started in A.');
  await expect(bar).toContainText(a);
  await expect(chip).toHaveAttribute('title', new RegExp(`This conversation works in: ${a}`));

  // The picker lists the recent folders; choosing B starts a new conversation there.
  await chip.click();
  const menu = page.getByRole('menu', { name: 'Workspace' });
  await expect(menu.getByRole('menuitemradio')).toHaveCount(2);
  await expect(menu).toContainText('Another folder starts a new conversation');
  await host.shoot(page, 'workspace-menu');
  await menu.getByRole('menuitemradio', { name: /other-project/ }).click();
  await expect(page.locator('.run')).toHaveCount(0);
  await expect(chip).toHaveAttribute('title', new RegExp(`Workspace: ${b}`));
  await send('Start in B');
  await expect(page.locator('.run').last()).toContainText('Started in B.');
  await expect(bar).toContainText(b);

  // Back to the first conversation while B is current: it reads A's a.txt.
  const items = page.getByRole('navigation', { name: 'Conversations' }).getByTestId('history-item');
  await items.locator('.history-open', { hasText: 'Start in A' }).click();
  await expect(page.locator('.run')).toHaveCount(1);
  await expect(bar).toContainText(a);
  await send('read a.txt');
  await expect(page.locator('.run').last()).toContainText('Read it.');
  const sent = server.chatRequests()[3]!.body as { messages: { role: string; content: unknown }[] };
  expect(sent.messages.at(-1)).toMatchObject({ role: 'tool', content: 'written in A' });
  expect(JSON.stringify(server.chatRequests().map((r) => r.body))).not.toContain('written in B');
  await host.shoot(page, 'workspace-bar');

  // A's folder moves away: the conversation says so, and refuses to run anywhere else.
  const moved = join(host.dataDir, '..', 'moved-project');
  await rename(a, moved);
  await items.locator('.history-open', { hasText: 'Start in B' }).click();
  await items.locator('.history-open', { hasText: 'Start in A' }).click();
  await expect(bar).toContainText('This folder is gone.');
  await send('anything');
  await expect(page.locator('.error-card')).toContainText('This conversation’s folder is gone');
  await host.shoot(page, 'workspace-gone');
  host.main.dialogs.folder = moved;
  await page.locator('.error-card').getByRole('button', { name: 'Pick the folder again' }).click();
  await expect(bar).toContainText(moved);
  await expect(bar).not.toContainText('gone');
  await send('here again?');
  await expect(page.locator('.run').last()).toContainText('Here again.');
});
