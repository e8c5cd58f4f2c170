import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import type { Settings } from '../../shared/settings';
import type { BridgedMain, WindowKind } from './host/bridgedMain';
import { openBridgedPage } from './host/pageBridge';
import { serveRenderer, type StaticServer } from './host/staticServer';
import type { ServerScene } from './standIn/cannedData';
import { createScriptedMain, type ScriptedMain } from './standIn/scriptedMain';

/**
 * The browser host for the renderer's specs: the built renderer served over
 * http, opened in Debian's Chromium with a bridge to a main process living in
 * the test. Phase 1 bridges to the scripted stand-in; phase 2 builds
 * `BridgedMain` from createPlainNodeMain(...).app instead (and the page side
 * from the real preload, see host/pageBridge.ts). Every page error or console
 * error fails the test, and so does a stand-in answer its schema refuses.
 */
export interface BrowserHost {
  main: ScriptedMain;
  /** Where the built renderer is served (http://127.0.0.1:PORT). */
  origin: string;
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

interface Options {
  scene: ServerScene;
  settings: Partial<Settings>;
}

export const test = base.extend<Options & { host: BrowserHost }, { renderer: StaticServer }>({
  scene: ['ready', { option: true }],
  settings: [{}, { option: true }],
  renderer: [
    async ({}, use) => {
      const server = await serveRenderer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ context, renderer, scene, settings }, use) => {
    const main = createScriptedMain({ scene, settings });
    const errors: string[] = [];
    const open = (path: string, kind: WindowKind) => openPage(context, renderer.origin, path, kind, main, errors);
    await use({
      main,
      origin: renderer.origin,
      openMain: () => open('index.html', 'main'),
      openQuick: () => open('quick.html', 'quick'),
      shoot,
    });
    main.dispose();
    expect(errors, 'errors in the page').toEqual([]);
    expect(main.problems, 'answers the route schemas refuse').toEqual([]);
  },
});

export { expect };

async function openPage(context: BrowserContext, origin: string, path: string, kind: WindowKind, main: BridgedMain, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(SIZES[kind]);
  page.on('pageerror', (e) => errors.push(`${kind}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${kind} console: ${m.text()}`);
  });
  await openBridgedPage(page, origin, path, kind, main);
  return page;
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
