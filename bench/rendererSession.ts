import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { z } from 'zod';
import playwrightConfig from '../playwright.config';
import { createRealHost, type RealHost } from '../e2e/browser/host/realHost';
import { serveRenderer, type StaticServer } from '../e2e/browser/host/staticServer';
import { seedLongConversation, seedPrompt } from './rendererSeed';
import { bounded } from './rendererBounded';
import { startFakeServerChild } from './fakeServerChild';

/**
 * Everything the renderer benchmark drives, brought up in order and torn
 * down in reverse: a paced fake llama.cpp server in its own process, a temp
 * data folder holding the long conversation, the built renderer served on
 * an ephemeral port, the browser host's real main and engine in this
 * process, and one page of Debian's Chromium (launched as
 * playwright.config.ts launches it) with the conversation open.
 */

/** The model the fake llama.cpp server lists. */
const MODEL = 'tiny-qwen2.gguf';
const VIEWPORT = { width: 1280, height: 820 };
const START_TIMEOUT_MS = 60_000;

export interface SessionOptions {
  tokens: number;
  /** Tokens a second the server streams at. */
  rate: number;
  messages: number;
  /** The built renderer to serve (default out/renderer). */
  rendererDir?: string;
  signal: AbortSignal;
}

export interface RendererSession {
  page: Page;
  cdp: CDPSession;
  host: RealHost;
  /** The Chromium the page runs in. */
  browser: Browser;
  /** The conversation's stored turns. */
  turns: number;
  /** Uncaught errors and console errors the page reported so far. */
  readonly pageErrors: readonly string[];
  close(): Promise<void>;
}

/** Why the benchmark cannot run on this machine, or undefined when it can. */
export async function missingPrerequisite(root = process.cwd(), rendererDir = join(root, 'out/renderer')): Promise<string | undefined> {
  const executable = chromiumPath();
  if (!(await canAccess(executable, constants.X_OK))) return `no Chromium at ${executable} (apt-get install chromium, or set PUNIE_CHROMIUM)`;
  for (const built of [join(rendererDir, 'index.html'), join(root, 'out/preload/index.cjs')]) {
    if (!(await canAccess(built, constants.R_OK))) return `${relative(root, built)} is missing: run \`npm run build\` first`;
  }
  return undefined;
}

export async function openSession(options: SessionOptions): Promise<RendererSession> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const server = await startFakeServerChild({ tokens: options.tokens, rate: options.rate, signal: options.signal });
    closers.push(() => server.close());
    const spec = `local:${server.baseURL}/${MODEL}`;

    const dataDir = await mkdtemp(join(tmpdir(), 'punie-renderer-bench-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true, maxRetries: 3 }));
    const turns = await seedLongConversation(join(dataDir, 'data'), { messages: options.messages, model: spec });

    const renderer: StaticServer = await serveRenderer(options.rendererDir);
    closers.push(() => renderer.close());
    const host = await createRealHost({
      origin: renderer.origin,
      dataDir: join(dataDir, 'data'),
      workspace: await mkdtemp(join(dataDir, 'ws-')),
      settings: { endpoints: [server.baseURL], lastModel: spec },
    });
    closers.push(() => host.dispose());

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: launchArgs(), headless: true });
    closers.push(() => browser.close());
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    await host.openIn(page, 'main');
    page.setDefaultTimeout(START_TIMEOUT_MS);
    const cdp = await context.newCDPSession(page);
    await bounded(cdp.send('Performance.enable'), 'Performance.enable');

    await page.getByTestId('status-pill').filter({ hasText: 'llama.cpp' }).waitFor();
    await page.getByRole('navigation', { name: 'Conversations' }).locator('.history-open').first().click();
    await page.locator('.run').last().locator('.user-text').filter({ hasText: seedPrompt(turns - 1) }).waitFor();
    return { page, cdp, host, browser, turns, pageErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Sends a prompt from the composer, as a user does. */
export async function sendPrompt(page: Page, prompt: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Prompt' });
  await composer.fill(prompt);
  await composer.press('Enter');
}

const heapSchema = z.object({ usedSize: z.number(), totalSize: z.number() });
const metricsSchema = z.object({ metrics: z.array(z.object({ name: z.string(), value: z.number() })) });

/** The page's JS heap in bytes after a full garbage collection. */
export async function heapAfterGc(cdp: CDPSession): Promise<{ usedBytes: number; totalBytes: number }> {
  await bounded(cdp.send('HeapProfiler.collectGarbage'), 'HeapProfiler.collectGarbage');
  const heap = heapSchema.parse(await bounded(cdp.send('Runtime.getHeapUsage'), 'Runtime.getHeapUsage'));
  return { usedBytes: heap.usedSize, totalBytes: heap.totalSize };
}

/** Chromium's page metrics (Performance.getMetrics): counts, and durations in seconds. */
export async function pageMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = metricsSchema.parse(await bounded(cdp.send('Performance.getMetrics'), 'Performance.getMetrics'));
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function chromiumPath(): string {
  return playwrightConfig.use?.launchOptions?.executablePath ?? '/usr/bin/chromium';
}

function launchArgs(): string[] {
  return playwrightConfig.use?.launchOptions?.args ?? ['--no-sandbox', '--disable-gpu'];
}

async function canAccess(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}
