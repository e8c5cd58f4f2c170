import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { EVERYTHING_JS } from '../../test/support/core/mcp/realServers';
import { toolResultTurn, toolTurn } from '../fake-server/script';
import { expect, localSpec, test, type BrowserHost } from './fixtures';

// MCP servers in the app, against the real server-everything: the settings
// section, and an MCP tool's permission card and trace card. Main's native
// questions are the recording stand-in (host.main.confirm).

const MODEL = 'qwen/qwen3-coder-30b';

// Each test starts real server processes; on a loaded machine that takes seconds.
test.slow();
const everything = { command: process.execPath, args: [EVERYTHING_JS, 'stdio'] };

async function seedConfig(host: BrowserHost, servers: Record<string, unknown>): Promise<void> {
  await writeFile(join(host.dataDir, 'mcp.json'), JSON.stringify({ mcpServers: servers }, null, 2));
}

async function openMcpSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'MCP servers' }).click();
  return dialog;
}

test('add a server: main asks natively, then it connects and lists its tools; a failing one shows its stderr', async ({ host }) => {
  await seedConfig(host, { broken: { command: process.execPath, args: ['-e', "console.error('fatal: DATABASE_URL is not set'); process.exit(1)"] } });
  await host.start();
  const page = await host.openMain();
  const dialog = await openMcpSettings(page);

  const broken = dialog.locator('.mcp-server[data-server="broken"]');
  await expect(broken).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(broken).toContainText('The server exited with code 1 before the MCP handshake finished.');
  await expect(broken.locator('.mcp-stderr')).toContainText('fatal: DATABASE_URL is not set');
  await host.shoot(page, 'mcp-failed');

  await dialog.getByRole('button', { name: 'Add server' }).click();
  await dialog.getByLabel('Name', { exact: true }).fill('everything');
  await dialog.getByLabel('Program').fill(process.execPath);
  await dialog.getByLabel('Arguments, one per line').fill(`${EVERYTHING_JS}\nstdio`);
  await dialog.getByLabel('Environment, NAME=value per line').fill('LOG_LEVEL=debug');
  await host.shoot(page, 'mcp-add-form');

  // Said no in the native dialog: nothing is written, the form stays.
  host.main.dialogs.confirmAnswer = false;
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('you did not allow it');
  expect(host.main.dialogs.confirmations.at(-1)).toMatchObject({ message: 'Add the MCP server "everything"?' });
  expect(JSON.parse(await readFile(join(host.dataDir, 'mcp.json'), 'utf8')).mcpServers.everything).toBeUndefined();

  host.main.dialogs.confirmAnswer = true;
  await dialog.getByRole('button', { name: 'Save' }).click();
  const row = dialog.locator('.mcp-server[data-server="everything"]');
  await expect(row).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(row).toContainText(/\d+ tools/);
  await row.getByRole('button', { name: /everything/ }).first().click();
  await expect(row.locator('.mcp-tool-name', { hasText: 'everything__echo' })).toBeVisible();
  await expect(row.locator('.mcp-tool').filter({ hasText: 'everything__echo' })).toContainText('reads only');
  expect(JSON.parse(await readFile(join(host.dataDir, 'mcp.json'), 'utf8')).mcpServers.everything).toEqual({ ...everything, env: { LOG_LEVEL: 'debug' } });
  await host.shoot(page, 'mcp-settings');

  // Turning it off narrows: no question; the process stops.
  const asked = host.main.dialogs.confirmations.length;
  await row.getByRole('switch', { name: 'everything on' }).click();
  await expect(row).toHaveAttribute('data-state', 'disabled');
  expect(host.main.dialogs.confirmations).toHaveLength(asked);
});

test('import from LM Studio: a preview of what is added, then the servers connect', async ({ host }) => {
  const home = join(host.dataDir, 'home');
  await mkdir(join(home, '.lmstudio'), { recursive: true });
  await writeFile(join(home, '.lmstudio', 'mcp.json'), JSON.stringify({ mcpServers: { 'lm-everything': everything, 'hf-mcp-server': { url: 'https://huggingface.co/mcp', headers: { Authorization: 'Bearer hf_x' } } } }));
  await host.start();
  const page = await host.openMain();
  const dialog = await openMcpSettings(page);
  await dialog.getByRole('button', { name: 'Import from LM Studio' }).click();
  const list = dialog.getByRole('list', { name: 'Servers in LM Studio' });
  await expect(list.locator('.mcp-import-row')).toHaveCount(2);
  await expect(list.locator('[data-outcome="new"]')).toHaveCount(2);
  await host.shoot(page, 'mcp-import-preview');
  await list.locator('.mcp-import-row', { hasText: 'hf-mcp-server' }).getByRole('checkbox').uncheck();
  host.main.dialogs.confirmAnswer = true;
  await dialog.getByRole('button', { name: 'Add 1 server' }).click();
  await expect(dialog.locator('.mcp-server[data-server="lm-everything"]')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  expect(Object.keys(JSON.parse(await readFile(join(host.dataDir, 'mcp.json'), 'utf8')).mcpServers)).toEqual(['lm-everything']);
});

test('an MCP tool asks like a write, shows its server on the card and in the trace, and replays from history', async ({ host }) => {
  await seedConfig(host, { everything });
  const server = await host.fakeServer({
    profile: 'lmstudio',
    script: [toolTurn([{ name: 'everything__echo', arguments: '{"message":"hello from the model"}' }]), toolResultTurn('The server answered: ')],
  });
  await host.start({ settings: { endpoints: [server.baseURL], lastModel: localSpec(server.baseURL, MODEL) } });
  await expect.poll(() => host.real.engine.mcp.view().servers[0]?.state, { timeout: 20_000 }).toBe('connected');
  const page = await host.openMain();
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill('Echo a greeting through MCP');
  await composer.press('Enter');

  const card = page.getByRole('region', { name: 'Permission request' });
  await expect(card).toContainText('Call Echo Tool on the MCP server "everything"', { timeout: 15_000 });
  await expect(card).toContainText('everything · echo');
  await expect(card).toContainText('The server says this tool only reads.');
  await expect(card).toContainText('"message": "hello from the model"');
  await host.shoot(page, 'mcp-permission');
  await page.keyboard.press('Control+Enter');

  const run = page.locator('.run').last();
  await expect(run.locator('.md').last()).toContainText('The server answered: Echo: hello from the model', { timeout: 15_000 });
  const tool = run.locator('.tool-card[data-tool="everything__echo"]');
  await expect(tool).toHaveAttribute('data-status', 'done');
  await expect(tool.locator('.tool-name')).toHaveText('echo');
  await expect(tool.locator('.tool-server')).toHaveText('everything');
  await tool.getByRole('button', { name: /echo/ }).click();
  await expect(tool.locator('.tool-details')).toContainText('of the MCP server everything');
  await expect(tool.locator('.tool-details')).toContainText('Echo: hello from the model');

  await page.getByRole('button', { name: 'Trace' }).click();
  const trace = page.getByRole('complementary', { name: 'Trace' });
  await expect(trace.locator('.trace-item')).toHaveCount(1);
  await expect(trace.locator('.trace-item')).toContainText('everything');
  await host.shoot(page, 'mcp-trace');

  // Stored and replayed: a fresh window shows the same card from history.
  const again = await host.openMain();
  await again.getByTestId('history-item').first().locator('.history-open').click();
  const replayed = again.locator('.tool-card[data-tool="everything__echo"]');
  await expect(replayed).toHaveAttribute('data-status', 'done', { timeout: 10_000 });
  await expect(replayed.locator('.tool-server')).toHaveText('everything');
});

test('a workspace\'s .mcp.json waits for approval in the MCP section', async ({ host }) => {
  await writeFile(join(host.workspace, '.mcp.json'), JSON.stringify({ mcpServers: { repo: everything } }));
  await host.start();
  const page = await host.openMain();
  const dialog = await openMcpSettings(page);
  const group = dialog.getByRole('group', { name: "This workspace's servers" });
  await expect(group.locator('.mcp-server[data-server="repo"]')).toHaveAttribute('data-state', 'needs-approval');
  await host.shoot(page, 'mcp-workspace-approval');
  host.main.dialogs.confirmAnswer = true;
  await group.getByRole('button', { name: 'Review and approve…' }).click();
  await expect(group.locator('.mcp-server[data-server="repo"]')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  expect(host.main.dialogs.confirmations.at(-1)?.detail).toContain(`repo: ${process.execPath}`);
});
