import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { settingsSchema, type Settings } from '../../../shared/settings';
import type { Logger } from '../../../electron/core/log';
import { saveSettingsFile, SETTINGS_FILE_NAME } from '../../../electron/core/store/settingsFile';
import { composeEngine, type ComposedEngine } from '../../../electron/main/composeEngine';
import { createPlainNodeMain, type PlainNodeMain } from '../../../test/support/main/plainNodeMain';
import type { BridgedMain, WindowKind } from './bridgedMain';
import { openBridgedPage, type BridgedPage } from './pageBridge';

/**
 * The browser host's main process: the real one from createPlainNodeMain
 * (router, handlers, sinks, settings file, secrets store) over the real
 * engine from composeEngine (discovery's watcher, the model catalog, the
 * agent service with the real model factory and tools, history on disk), in a
 * temp data folder, with a temp workspace. Only Electron's ports (windows,
 * dialogs, the system browser, the global shortcut, safeStorage) are the
 * recording stand-ins plainNodeMain provides; tests script them through
 * `host.main.dialogs`, `.external`, `.windows`.
 *
 * The environment is empty (no PUNIE_LOCAL_ENDPOINTS or API keys leak in from
 * the test process) and discovery re-probes every `watchIntervalMs`.
 */
export interface RealHostOptions {
  /** Where the built renderer is served (see staticServer.ts); the only origin main trusts. */
  origin: string;
  /** Written to settings.json before main starts. Defaults: no endpoints, the temp workspace, light theme following the OS. */
  settings?: Partial<Settings>;
  /** The data folder (created if missing); default: a new temp folder, removed by dispose(). */
  dataDir?: string;
  /** The workspace tools work in; default: a new temp folder, removed by dispose(). */
  workspace?: string;
  /** Accelerators that behave as taken by another app (the quick-ask shortcut). */
  takenShortcuts?: string[];
  /** What main sees as its environment (API keys from env, e.g. OPENAI_API_KEY). Default {}. */
  env?: Record<string, string>;
  /** How often discovery probes the endpoints (default 500 ms). */
  watchIntervalMs?: number;
  /** The home folder MCP imports look in (LM Studio's ~/.lmstudio/mcp.json, Claude Desktop's file); default: the data folder's `home`, never the real one. */
  mcpImportHome?: string;
  log?: Logger;
}

/** One request a page made, in order (an API key is replaced by its length). */
export interface HostRequest {
  route: string;
  input: unknown;
  window: WindowKind | undefined;
  at: number;
}

export interface RealHost {
  readonly main: PlainNodeMain;
  readonly engine: ComposedEngine;
  readonly origin: string;
  readonly dataDir: string;
  readonly workspace: string;
  /** Every request the pages made, in order. */
  readonly requests: HostRequest[];
  /** Opens `index.html` (main) or `quick.html` (quick) in a new page of `context`, bridged to main. */
  open(context: BrowserContext, kind: WindowKind): Promise<BridgedPage>;
  /** Opens it in a page you made (your viewport, your listeners). */
  openIn(page: Page, kind: WindowKind): Promise<BridgedPage>;
  /** Ends runs, flushes history, stops discovery, removes the temp folders it made. */
  dispose(): Promise<void>;
}

export async function createRealHost(options: RealHostOptions): Promise<RealHost> {
  const made: string[] = [];
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'punie-host-data-')));
  if (!options.dataDir) made.push(dataDir);
  const workspace = options.workspace ?? (await mkdtemp(join(tmpdir(), 'punie-host-ws-')));
  if (!options.workspace) made.push(workspace);
  await mkdir(dataDir, { recursive: true });

  const settings: Settings = settingsSchema.parse({ endpoints: [], workspace, recentWorkspaces: [workspace], ...options.settings });
  await saveSettingsFile(join(dataDir, SETTINGS_FILE_NAME), settings, AbortSignal.timeout(10_000));

  const interval = options.watchIntervalMs ?? 500;
  let engine: ComposedEngine | undefined;
  const main = await createPlainNodeMain({
    dataDir,
    trustedOrigins: [options.origin],
    env: options.env ?? {},
    takenShortcuts: options.takenShortcuts ?? [],
    composeEngine: async (deps) => {
      // The data folder stands in for the home folder: LM Studio's lms (and, for MCP imports, its mcp.json) is never looked for in the real one.
      engine = await composeEngine({
        ...deps,
        env: {},
        home: dataDir,
        watch: { visibleIntervalMs: interval, hiddenIntervalMs: interval },
        mcp: { importFrom: { home: options.mcpImportHome ?? join(dataDir, 'home'), env: {}, platform: 'linux' }, host: { closeGraceMs: 300, restart: { baseDelayMs: 200, maxDelayMs: 800 } } },
      });
      return engine;
    },
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  if (!engine) throw new Error('composeEngine was not called');
  const composed = engine;
  // A window is on screen while the host is up: discovery probes at the visible pace.
  composed.setVisible?.(true);

  const requests: HostRequest[] = [];
  const bridged: BridgedMain = {
    handle(sender, route, input) {
      requests.push({ route: String(route), input: redact(route, input), window: sender.window, at: Date.now() });
      return main.app.handle(sender, route, input);
    },
    attachWindow: (target) => main.app.attachWindow(target),
  };

  const openIn = (page: Page, kind: WindowKind) =>
    openBridgedPage(page, { origin: options.origin, path: kind === 'main' ? 'index.html' : 'quick.html', kind, main: bridged });

  let disposed = false;
  return {
    main,
    engine: composed,
    origin: options.origin,
    dataDir,
    workspace,
    requests,
    open: async (context, kind) => openIn(await context.newPage(), kind),
    openIn,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await main.dispose();
      for (const dir of made) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Keys never sit in the request log: only their length does. */
function redact(route: unknown, input: unknown): unknown {
  if (route !== 'secrets.set' || typeof input !== 'object' || input === null) return input;
  const { key, ...rest } = input as { key?: unknown };
  return { ...rest, key: typeof key === 'string' ? { length: key.length } : key };
}
