import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { textTurn, toolTurn } from '../fake-server/script';
import { expect, localSpec, test } from './fixtures';

// Undo of a run's file changes, in the app: the real agent and tools write in
// the temp workspace (the fake server scripts the calls), the real store keeps
// what they replaced, and the footer's "Undo this run" puts it back.

const MODEL = 'qwen/qwen3-coder-30b';
const write = (path: string, content: string) => ({ name: 'write_file', arguments: JSON.stringify({ path, content }) });

test('Undo this run puts back what the run wrote and removes what it created; a file changed since is kept unless ticked; Redo makes the changes again', async ({ host }) => {
  // Three writes, a command and three dialogs: slow on a shared machine.
  test.setTimeout(120_000);
  await writeFile(join(host.workspace, 'notes.txt'), 'old notes\n');
  await writeFile(join(host.workspace, 'todo.txt'), 'old todo\n');
  const server = await host.fakeServer({
    profile: 'lmstudio',
    script: [
      toolTurn([write('notes.txt', 'new notes\n'), write('made.txt', 'made by the run\n'), write('todo.txt', 'todo by the run\n')]),
      toolTurn([{ name: 'run_command', arguments: '{"command":"true"}' }]),
      textTurn('Done: three files and a command.'),
    ],
  });
  await host.start({
    settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL), permissionRules: { write_file: 'allow', edit_file: 'ask', run_command: 'allow' } },
  });
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Change my notes');
  await composer.press('Enter');

  const run = page.locator('.run').last();
  await expect(run).toContainText('Done: three files and a command.', { timeout: 60_000 });
  expect(await readFile(join(host.workspace, 'notes.txt'), 'utf8')).toBe('new notes\n');
  const undo = run.getByRole('button', { name: 'Undo this run' });
  await expect(undo).toBeVisible();
  await expect(run.locator('.run-undo')).toContainText('1 command ran; its effects are not undone.');

  // The user edits one of the files after the run.
  await writeFile(join(host.workspace, 'todo.txt'), 'my own todo\n');
  await undo.click();
  const dialog = page.getByRole('dialog', { name: /Undo run 1/ });
  await expect(dialog.locator('.undo-file')).toHaveCount(3);
  await expect(dialog.getByRole('region', { name: 'notes.txt' }).locator('.diff-del')).toContainText(['new notes']);
  await expect(dialog.getByRole('region', { name: 'notes.txt' }).locator('.diff-add')).toContainText(['old notes']);
  await expect(dialog.getByRole('region', { name: 'made.txt' })).toContainText('removed (the run created it)');
  const changed = dialog.getByRole('region', { name: 'todo.txt' }).getByRole('checkbox');
  await expect(changed).not.toBeChecked();
  await expect(dialog.getByRole('region', { name: 'todo.txt' })).toContainText('Changed since the run');
  await expect(dialog.getByRole('button', { name: 'Undo 2 files' })).toBeEnabled();
  await host.shoot(page, 'undo-dialog');

  await dialog.getByRole('button', { name: 'Undo 2 files' }).click();
  await expect(dialog).toBeHidden();
  expect(await readFile(join(host.workspace, 'notes.txt'), 'utf8')).toBe('old notes\n');
  await expect(access(join(host.workspace, 'made.txt'))).rejects.toThrow();
  expect(await readFile(join(host.workspace, 'todo.txt'), 'utf8')).toBe('my own todo\n');
  await expect(run.locator('.run-undo .badge')).toHaveText('Undone');
  await host.shoot(page, 'undo-undone');

  // Redo: the run's changes come back (the kept file was not undone, so it is not touched).
  await run.getByRole('button', { name: 'Redo' }).click();
  const redo = page.getByRole('dialog', { name: /Redo run 1/ });
  await expect(redo.locator('.undo-file')).toHaveCount(2);
  await redo.getByRole('button', { name: 'Redo 2 files' }).click();
  await expect(redo).toBeHidden();
  expect(await readFile(join(host.workspace, 'notes.txt'), 'utf8')).toBe('new notes\n');
  expect(await readFile(join(host.workspace, 'made.txt'), 'utf8')).toBe('made by the run\n');
  await expect(run.getByRole('button', { name: 'Undo this run' })).toBeVisible();

  // Undo again, this time ticking the changed file: the user's edit goes too.
  await run.getByRole('button', { name: 'Undo this run' }).click();
  const again = page.getByRole('dialog', { name: /Undo run 1/ });
  await again.getByRole('region', { name: 'todo.txt' }).getByRole('checkbox').check();
  await again.getByRole('button', { name: 'Undo 3 files' }).click();
  await expect(again).toBeHidden();
  expect(await readFile(join(host.workspace, 'todo.txt'), 'utf8')).toBe('old todo\n');
});
