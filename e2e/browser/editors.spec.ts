import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const ZED_SETTINGS = `// Zed settings
{
  "theme": "One Dark", // keep me
  "buffer_font_size": 15,
}
`;

test('Use Punie in your editor: each editor’s file, the entry to copy, and a button that merges it in (main writes; the page names only the editor)', async ({ host }) => {
  await host.start({});
  // The host's editors live in a home of their own inside its data folder.
  const zedFile = join(host.dataDir, 'home', '.config', 'zed', 'settings.json');
  await mkdir(join(zedFile, '..'), { recursive: true });
  await writeFile(zedFile, ZED_SETTINGS);
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Editors' }).click();
  await expect(dialog.getByRole('heading', { name: 'Use Punie in your editor' })).toBeVisible();

  const zed = dialog.locator('[data-editor="zed"]');
  const jetbrains = dialog.locator('[data-editor="jetbrains"]');
  await expect(zed).toContainText(zedFile);
  await expect(zed).toContainText('setting up adds the entry below to agent_servers');
  await expect(zed.locator('pre')).toContainText('"type": "custom"');
  await expect(jetbrains).toContainText('not there yet');
  await expect(jetbrains).toContainText('Not set up');
  await host.shoot(page, 'settings-editors');

  await zed.getByRole('button', { name: 'Set up Zed' }).click();
  await expect(zed.getByRole('status')).toContainText(`The previous file is kept at ${zedFile}.punie-backup`);
  await expect(zed).toContainText('Set up');
  await expect(zed.getByRole('button', { name: 'Set up Zed' })).toBeDisabled();
  const written = await readFile(zedFile, 'utf8');
  expect(written.startsWith('// Zed settings\n{\n  "theme": "One Dark", // keep me\n  "buffer_font_size": 15,\n  "agent_servers": {')).toBe(true);
  expect(await readFile(`${zedFile}.punie-backup`, 'utf8')).toBe(ZED_SETTINGS);
  expect(host.requestsTo('editors.setup').map((r) => r.input)).toEqual([{ editor: 'zed' }]);
  await host.shoot(page, 'settings-editors-done');
});

test('a configuration file that does not parse is left alone, with the entry to paste by hand', async ({ host }) => {
  await host.start({});
  const jetbrainsFile = join(host.dataDir, 'home', '.jetbrains', 'acp.json');
  await mkdir(join(jetbrainsFile, '..'), { recursive: true });
  await writeFile(jetbrainsFile, '{ "agent_servers": { oops } }');
  const page = await host.openMain();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Editors' }).click();
  const jetbrains = dialog.locator('[data-editor="jetbrains"]');
  await expect(jetbrains).toContainText('could not be parsed (line 1, column 22');
  await expect(jetbrains).toContainText('Needs a fix');
  await expect(jetbrains.getByRole('button', { name: 'Set up JetBrains IDEs' })).toBeDisabled();
  await expect(jetbrains.locator('pre')).toContainText('"agent_servers"');
  expect(await readFile(jetbrainsFile, 'utf8')).toBe('{ "agent_servers": { oops } }');
  await host.shoot(page, 'settings-editors-problem');
});
