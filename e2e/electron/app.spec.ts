import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startFakeServer, type FakeServer } from '../fake-server/fakeServer';
import { findElectronBinary } from './electronBinary';

/**
 * The built app through Playwright's _electron: both windows' security
 * preferences, the bridge, and streamed answers. Skips with one line where
 * there is no Electron binary (or no display).
 */

const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary(root);
if ('skip' in binary) {
  // The release workflow drives the real app: there, a missing binary is a failure, not a skip.
  if (process.env.PUNIE_REQUIRE_ELECTRON === '1') throw new Error(`The Electron suite must run here (PUNIE_REQUIRE_ELECTRON=1), but ${binary.skip}.`);
  process.stderr.write(`electron suite skipped: ${binary.skip}\n`);
}
test.skip('skip' in binary, 'skip' in binary ? binary.skip : '');
test.describe.configure({ mode: 'serial' });

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
type RunEvent = { type: string; runId: string; delta?: string };
/** The preload's bridge as the page sees it (`window.punie`). */
type Bridge = { request(route: string, input: unknown): Promise<Envelope>; on(channel: string, listener: (payload: unknown) => void): () => void };

/** Calls main through the page's bridge. */
function request(target: Page, route: string, input: unknown = {}): Promise<Envelope> {
  return target.evaluate(([r, i]) => (globalThis as unknown as { punie: Bridge }).punie.request(r, i), [route, input] as const);
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;
let server: FakeServer;

test.beforeAll(async () => {
  if ('skip' in binary) return;
  server = await startFakeServer({
    profile: 'lmstudio',
    script: [{ chunks: [{ text: 'Hello ' }, { text: 'from the ' }, { text: 'fake server.' }], chunkDelayMs: 20 }],
  });
  dataDir = await mkdtemp(join(tmpdir(), 'punie-electron-e2e-'));
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ endpoints: [server.baseURL], closeToTray: false }));
  app = await _electron.launch({
    executablePath: binary.path,
    args: [root],
    cwd: root,
    env: { ...process.env, PUNIE_USER_DATA_DIR: dataDir, PUNIE_LOCAL_ENDPOINTS: server.baseURL, ELECTRON_ENABLE_LOGGING: '0' },
  });
  page = await app.firstWindow();
  await page.waitForURL('punie://app/index.html');
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Starts a run from the page and collects its events until it ends. */
async function streamFrom(modelSpec: string): Promise<RunEvent[]> {
  return page.evaluate(async (spec) => {
    const bridge = (globalThis as unknown as { punie: Bridge }).punie;
    const events: RunEvent[] = [];
    let runId = '';
    const done = new Promise<void>((resolveDone) => {
      const off = bridge.on('agent.events', (batch) => {
        for (const e of batch as RunEvent[]) {
          if (runId && e.runId !== runId) continue;
          events.push(e);
          if (e.type === 'run-finish' || e.type === 'run-error' || e.type === 'run-abort') {
            off();
            resolveDone();
          }
        }
      });
    });
    const started = await bridge.request('agent.start', { prompt: 'Say hello', modelSpec: spec });
    if (!started.ok) return [{ type: 'start-failed', runId: '', delta: started.error.message }];
    runId = (started.data as { runId: string }).runId;
    await done;
    return events.filter((e) => e.runId === runId);
  }, modelSpec);
}

test('opens the main window on the app scheme with the quick-ask window ready and hidden', async () => {
  expect(page.url()).toBe('punie://app/index.html');
  const windows = () =>
    app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()
        .map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() }))
        .sort((a, b) => a.url.localeCompare(b.url)),
    );
  await expect
    .poll(windows)
    .toEqual([
      { url: 'punie://app/index.html', visible: true },
      { url: 'punie://app/quick.html', visible: false },
    ]);
});

test('no window can reach Node, and each has only the two-function bridge', async () => {
  await expect.poll(() => app.windows().map((p) => p.url()).sort()).toEqual(['punie://app/index.html', 'punie://app/quick.html']);
  const pages = app.windows();
  for (const p of pages) {
    expect(await p.evaluate(() => ['require', 'process', 'module', 'Buffer'].map((name) => typeof (globalThis as Record<string, unknown>)[name]))).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
    expect(await p.evaluate(() => Object.keys((globalThis as unknown as { punie: object }).punie).sort())).toEqual(['on', 'request']);
    // Web security and the CSP: the page cannot read local files or reach the network itself.
    expect(await p.evaluate(() => fetch('file:///etc/hosts').then(() => 'read', () => 'refused'))).toBe('refused');
  }
  // Where Electron reports it (macOS, Windows), every renderer process is sandboxed.
  const metrics = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((m) => m.type === 'Tab').map((m) => m.sandboxed));
  for (const sandboxed of metrics) expect(sandboxed).not.toBe(false);
});

test('main answers through the bridge and refuses invalid input', async () => {
  expect(await request(page, 'app.info')).toMatchObject({ ok: true, data: { version: expect.any(String) } });
  expect(await request(page, 'agent.abort', { runId: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
});

test('streams an answer from the built-in test model', async () => {
  const events = await streamFrom('test');
  expect(events[0]?.type).toBe('run-start');
  expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(0);
  expect(events.at(-1)?.type).toBe('run-finish');
});

test('streams an answer from a local server (the fake LM Studio)', async () => {
  const listed = await request(page, 'models.list', { refresh: true });
  const models = listed.ok ? (listed.data as { models: { spec: string; endpointUrl?: string }[] }).models : [];
  const local = models.find((m) => m.endpointUrl === server.baseURL);
  expect(local, 'the fake LM Studio is listed').toBeDefined();
  const events = await streamFrom(local!.spec);
  const text = events.filter((e) => e.type === 'text-delta').map((e) => e.delta ?? '').join('');
  expect(text).toBe('Hello from the fake server.');
  expect(events.at(-1)?.type).toBe('run-finish');
  expect(server.chatRequests()).toHaveLength(1);
});
