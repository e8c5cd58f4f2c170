import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import type { AgentEvent } from '../../shared/agentEvents';
import { applyEvents } from '../../shared/runReducer';
import { conversationRuns } from '../../electron/core/store/runReplay';
import type { PlainNodeMain } from '../../test/support/main/plainNodeMain';
import { historyShape } from '../../test/support/shared/historyShape';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../fake-server/fakeServer';
import { ensureLlama, startLlamaServer, type LlamaServer, type LlamaSetup, type LlamaSkip, type StartLlamaOptions } from '../llama/llamaServer';
import type { WindowKind } from './host/bridgedMain';
import { createRealHost, type HostRequest, type RealHost, type RealHostOptions } from './host/realHost';
import { serveRenderer, type StaticServer } from './host/staticServer';

/**
 * The renderer's specs run on the real browser host: the built renderer in
 * Debian's Chromium, the real built preload, and the real main process with
 * the real engine in the test process (host/realHost.ts). Each test gets a
 * `host` with its own temp data folder and workspace; `host.start()` brings
 * main up (openMain/openQuick do it with defaults), so a test can first
 * start fake or real model servers and seed history. Every page error or
 * console error fails the test. Screenshots go to
 * test-results/screenshots/<name>-light.png and -dark.png.
 */
export interface BrowserHost {
  /** Where the built renderer is served (http://127.0.0.1:PORT). */
  origin: string;
  /** The data folder and workspace, made before main starts (seed history or files here). */
  dataDir: string;
  workspace: string;
  /** Brings main up with these options (once). */
  start(options?: Omit<RealHostOptions, 'origin' | 'dataDir' | 'workspace'>): Promise<RealHost>;
  /** The running host (after start). */
  readonly real: RealHost;
  readonly main: PlainNodeMain;
  /** Requests the pages made, in order. */
  readonly requests: HostRequest[];
  requestsTo(route: string): HostRequest[];
  /** A fake model server, closed after the test. */
  fakeServer(options?: FakeServerOptions): Promise<FakeServer>;
  /**
   * llama-server with the tiny model, stopped after the test; skips the test
   * (one line) where it cannot be built, and fails under CI. Ask for the
   * `llama` fixture in such a test, so a first build is not charged to it.
   */
  llamaServer(options?: StartLlamaOptions): Promise<LlamaServer>;
  openMain(): Promise<Page>;
  openQuick(): Promise<Page>;
  /** Saves light and dark screenshots as test-results/screenshots/<name>-<theme>.png. */
  shoot(page: Page, name: string): Promise<void>;
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

const SIZES: Record<WindowKind, { width: number; height: number }> = {
  main: { width: 1280, height: 820 },
  quick: { width: 680, height: 520 },
};

export const test = base.extend<{ host: BrowserHost }, { renderer: StaticServer; llama: LlamaSetup | LlamaSkip }>({
  /**
   * llama-server and the tiny model, found or built once per machine (a first
   * build takes minutes, hence the long timeout). Specs that use
   * `host.llamaServer()` ask for this fixture so the build happens here.
   */
  llama: [async ({}, use) => use(await ensureLlama()), { scope: 'worker', timeout: 45 * 60_000 }],
  renderer: [
    async ({}, use) => {
      const server = await serveRenderer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ context, renderer }, use, testInfo) => {
    const root = await mkdtemp(join(tmpdir(), 'punie-e2e-'));
    const dataDir = join(root, 'data');
    const workspace = join(root, 'workspace');
    await mkdir(dataDir);
    await mkdir(workspace);
    const errors: string[] = [];
    const closers: (() => Promise<void>)[] = [];
    let real: RealHost | undefined;

    // Every event of every run, to check that what history rebuilds is what the faces built live.
    const agentEvents: AgentEvent[] = [];
    const onDisk = new Set<string>();
    const start: BrowserHost['start'] = async (options = {}) => {
      if (!real) {
        real = await createRealHost({ ...options, origin: renderer.origin, dataDir, workspace });
        real.engine.agent.subscribe((e) => agentEvents.push(e));
        real.engine.conversations.subscribe(({ runIds }) => runIds?.forEach((id) => onDisk.add(id)));
      }
      return real;
    };
    const running = (): RealHost => {
      if (!real) throw new Error('host.start() first');
      return real;
    };
    const open = async (kind: WindowKind): Promise<Page> => {
      const host = await start();
      const page = await context.newPage();
      await page.setViewportSize(SIZES[kind]);
      page.on('pageerror', (e) => errors.push(`${kind}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${kind} console: ${m.text()}`);
      });
      await host.openIn(page, kind);
      return page;
    };

    await use({
      origin: renderer.origin,
      dataDir,
      workspace,
      start,
      get real() {
        return running();
      },
      get main() {
        return running().main;
      },
      get requests() {
        return real?.requests ?? [];
      },
      requestsTo: (route) => (real?.requests ?? []).filter((r) => r.route === route),
      async fakeServer(options) {
        const server = await startFakeServer(options);
        closers.push(() => server.close());
        return server;
      },
      async llamaServer(options) {
        const setup = await ensureLlama();
        if ('skip' in setup) {
          console.warn(`llama-server spec skipped: ${setup.skip}`);
          testInfo.skip(true, setup.skip);
        }
        const server = await startLlamaServer(options);
        closers.push(() => server.stop());
        return server;
      },
      openMain: () => open('main'),
      openQuick: () => open('quick'),
      shoot,
    });

    for (const page of context.pages()) await page.close().catch(() => undefined);
    if (real) await expectHistoryMatchesLive(real, agentEvents, onDisk);
    await real?.dispose();
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
    expect(errors, 'errors in the page').toEqual([]);
  },
});

export { expect };

/**
 * For every run of the test that ended, the run rebuilt from disk (the
 * stored records replayed as AgentEvents through the one reducer) equals the
 * run the reducer built from its live events, less what history does not keep.
 */
async function expectHistoryMatchesLive(real: RealHost, events: readonly AgentEvent[], onDisk: ReadonlySet<string>): Promise<void> {
  const ended = events.filter((e) => e.type === 'run-finish' || e.type === 'run-error' || e.type === 'run-abort').map((e) => e.runId);
  if (ended.length === 0) return;
  const live = applyEvents({}, events, 0);
  const byConversation = new Map<string, string[]>();
  // The store names each run once its last record is on disk.
  await expect.poll(() => ended.filter((id) => !onDisk.has(id)), { timeout: 5_000 }).toEqual([]);
  for (const runId of ended) {
    const run = live[runId];
    if (run) byConversation.set(run.conversationId, [...(byConversation.get(run.conversationId) ?? []), runId]);
  }
  for (const [id, runIds] of byConversation) {
    const stored = await real.main.services.conversations.get(id, AbortSignal.timeout(5_000)).catch(() => undefined);
    // Deleted by the test: nothing to compare.
    if (!stored) continue;
    const rebuilt = new Map(conversationRuns(stored).map((r) => [r.runId, r]));
    for (const runId of runIds) {
      const again = rebuilt.get(runId);
      expect(again && historyShape(again), `run ${runId} rebuilt from history`).toEqual(historyShape(live[runId]!));
    }
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await nextFrame(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Resolves after the page has painted a frame. */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
        raf(() => raf(() => resolve()));
      }),
  );
}

/** The spec the model catalog gives a model served at `baseURL`. */
export function localSpec(baseURL: string, model: string): string {
  return `local:${baseURL}/${model}`;
}
