import { homedir } from 'node:os';
import type { Notice } from '../../shared/ipc/events';
import { createAgentService } from '../core/agent/agentService';
import type { Logger } from '../core/log';
import { createModel } from '../core/models/createModel';
import type { TestModelOptions } from '../core/models/testModel';
import { ollamaBaseURL } from '../core/servers/ollamaHost';
import { createStatusResolveLocal } from '../core/servers/statusResolveLocal';
import type { KeySource } from '../core/models/types';
import { localEndpoints } from '../core/servers/localEndpoints';
import { userPresetFor } from '../../shared/modelPreset';
import { findLms } from '../core/servers/lmsCommand';
import { createModelCatalog } from '../core/servers/modelCatalog';
import { createModelLoads } from '../core/servers/modelLoads';
import type { PresetContextOptions } from '../core/servers/presetContext';
import { createStatusWatcher } from '../core/servers/statusWatcher';
import { ConversationStore } from '../core/store/conversationStore';
import { composeMcp, type McpOptions } from './composeMcp';
import type { ConversationsPort, EngineServices, SettingsPort } from './services';
import { createUndoService } from '../core/undo/undoService';

/** Without a history index, the sidebar's first list holds this many of the newest conversations; the rest follow. */
const FIRST_SCREEN = 50;

/**
 * The composition root for the engine: builds the engine ports (servers,
 * models, agent, conversations) that main's handlers use, from what the shell
 * provides — discovery's status watcher, the model catalog, the agent service
 * with the real model factory, and the history store on disk. The Electron
 * app (electronApp.ts) calls it once the app is ready; the browser host calls
 * it in plain Node with a temp data folder.
 */

export interface EngineDeps {
  /** Electron's userData (or a temp folder in tests): where history lives. */
  dataDir: string;
  /** Endpoints, permission rules and maxTurns live here; subscribe to follow changes. */
  settings: SettingsPort;
  /** API keys: environment first, then keys saved in Settings. Never for local servers. */
  keys: KeySource;
  /** Aborted when the app quits. */
  signal: AbortSignal;
  log: Logger;
  /** The environment (PUNIE_LOCAL_ENDPOINTS, OPENAI_BASE_URL, …); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Watcher intervals, for tests that want servers noticed quickly. */
  watch?: { visibleIntervalMs?: number; hiddenIntervalMs?: number };
  /** MCP options for tests (short timeouts, a temp home for imports). */
  mcp?: McpOptions;
  /** The user's home folder, where LM Studio puts its lms command (~/.lmstudio/bin); default os.homedir(). */
  home?: string;
  /** The built-in test model's pace, for benchmarks that run it a thousand times. */
  testModel?: TestModelOptions;
}

export interface ComposedEngine extends EngineServices {
  /** Someone is looking at a window: discovery re-probes faster. */
  setVisible?(visible: boolean): void;
  /** Problems with history files, each reported once ("1 conversation could not be read; it was kept at …"). */
  onNotice?(listener: (notice: Notice) => void): () => void;
  /** Stops watchers, ends runs and flushes history; the app waits for it (bounded) before quitting. */
  dispose(): Promise<void>;
}

/** The shape of the composition function (the app passes `composeEngine`; tests may pass another). */
export type ComposeEngine = (deps: EngineDeps) => Promise<ComposedEngine>;

export async function composeEngine(deps: EngineDeps): Promise<ComposedEngine> {
  deps.signal.throwIfAborted();
  const env = deps.env ?? process.env;
  const endpoints = () => localEndpoints(env, deps.settings.get().endpoints);

  // ------------------------------------------------------------ discovery
  // LM Studio's lms command, looked for once (it loads models on an LM Studio too old for the REST API).
  const lmsLookup = { env, home: deps.home ?? homedir(), platform: process.platform };
  let lmsInstalled = false;
  void findLms(lmsLookup).then((file) => (lmsInstalled = file !== undefined));
  const presetContext: PresetContextOptions = {
    presetContext: (id) => userPresetFor(deps.settings.get().modelPresets, id)?.contextLength,
    get lmsInstalled() {
      return lmsInstalled;
    },
  };
  let watchedEndpoints = endpoints();
  const watcher = createStatusWatcher({
    endpoints: watchedEndpoints,
    ollamaURL: ollamaBaseURL(env),
    presetContext,
    ...deps.watch,
  });
  let watchedPresets = JSON.stringify(deps.settings.get().modelPresets);
  const stopFollowingEndpoints = deps.settings.subscribe(() => {
    const next = endpoints();
    // A preset's context changes what a model's context is: a round now shows it.
    const presets = JSON.stringify(deps.settings.get().modelPresets);
    if (presets !== watchedPresets) {
      watchedPresets = presets;
      void watcher.refresh(deps.signal).catch(() => undefined);
    }
    if (next.join('\n') === watchedEndpoints.join('\n')) return;
    watchedEndpoints = next;
    watcher.setEndpoints(next);
  });
  const models = createModelCatalog({
    servers: watcher,
    keys: () => ({ openai: deps.keys.get('openai') !== undefined, anthropic: deps.keys.get('anthropic') !== undefined }),
    lmsInstalled: () => lmsInstalled,
  });
  // Loading, reloading and unloading models; each load ends with a fresh status round.
  const modelLoads = createModelLoads({
    current: () => watcher.current(),
    refresh: (signal) => watcher.refresh(signal),
    control: { findLms: () => findLms(lmsLookup), env },
  });

  // -------------------------------------------------------------- history
  const store = new ConversationStore({ dataDir: deps.dataDir, face: 'app', logger: deps.log.child('history') });
  const noticeListeners = new Set<(notice: Notice) => void>();
  const changeListeners = new Set<(change: { ids?: string[]; runIds?: string[] }) => void>();
  const publishNotices = () => {
    for (const { kind: _kind, files: _files, ...notice } of store.takeNotices()) {
      for (const listener of noticeListeners) listener(notice);
    }
  };
  // A rebuilt index makes the provisional list exact, and a first screen is followed by every
  // conversation once all are peeked: each time, the sidebar reads the list again.
  const relist = () => {
    for (const listener of changeListeners) listener({});
  };
  const stopWatchingIndex = store.onIndexRebuilt(relist);
  const stopWatchingMore = store.onMoreListed(relist);

  // ------------------------------------------------------------------ mcp
  const mcp = composeMcp({ dataDir: deps.dataDir, settings: deps.settings, env, signal: deps.signal, log: deps.log.child('mcp'), ...(deps.mcp ? { options: deps.mcp } : {}) });

  // ---------------------------------------------------------------- agent
  // `local:` is answered from the watcher's fresh status (no round trip before the request); a probe decides when it cannot.
  const resolveLocal = createStatusResolveLocal({ current: () => watcher.current() });
  const agent = createAgentService({
    port: store,
    // The user's model presets (Settings, from the picker) as they are when the run starts.
    createModel: (spec, signal) =>
      createModel(
        spec,
        {
          env,
          keys: deps.keys,
          endpoints: endpoints(),
          resolveLocal,
          missingKeyHint: appMissingKeyHint,
          presets: deps.settings.get().modelPresets,
          ...(deps.testModel ? { testModel: deps.testModel } : {}),
          presetContext,
          // A model its preset says to load with a context is loaded so before its first message (the picker shows the progress).
          ensureLoaded: (target, signal) => modelLoads.ensureLoaded({ endpointUrl: target.baseURL, model: target.model, contextLength: target.contextLength }, signal),
        },
        signal,
      ),
    settings: () => {
      const s = deps.settings.get();
      return {
        permissionRules: s.permissionRules,
        mcpRules: s.mcpRules,
        maxTurns: s.maxTurns,
        passEnv: s.passEnv,
        ...(s.systemPrompt ? { systemPrompt: s.systemPrompt } : {}),
        // The app's own data (history, settings, keys) is never readable by the tools.
        deniedRoots: [deps.dataDir],
        ...(s.workspace === undefined ? {} : { workspace: s.workspace }),
      };
    },
    extraTools: ({ workspace, signal }) => mcp.manager.toolsFor(workspace, signal),
  });
  // The one source of `conversations.changed`: the store, once a change is on disk (a run's end after its last record).
  const stopWatchingStore = store.subscribe((change) => {
    for (const listener of changeListeners) listener(change);
    publishNotices();
  });

  const conversations: ConversationsPort = {
    async list(query, signal) {
      // Never waits for a missing index: the newest conversations come first from the logs' ends, then
      // the rest (onMoreListed), and the rebuild says when the list is exact (onIndexRebuilt).
      const { items } = await store.listQuick({ ...query, firstScreen: FIRST_SCREEN }, signal);
      const notices = store.takeNotices();
      const quarantined = notices.flatMap((n) => n.files);
      for (const { kind: _kind, files: _files, ...notice } of notices) {
        for (const listener of noticeListeners) listener(notice);
      }
      return quarantined.length ? { items, quarantined } : { items };
    },
    get: (id, signal) => store.get(id, signal),
    rename: (id, title, signal) => store.rename(id, title, signal),
    writtenElsewhere: (id) => store.writtenElsewhere(id),
    delete: (id, signal) => store.delete(id, signal),
    restore: (id, signal) => store.restore(id, signal),
    setWorkspace: (id, workspace, signal) => store.setWorkspace(id, workspace, signal),
    setBranch: (id, runId, signal) => store.setBranch(id, runId, signal),
    undo: createUndoService({ store, deniedRoots: [deps.dataDir] }),
    async exportMarkdown(id, signal) {
      const conversation = await store.get(id, signal);
      return { title: conversation.title, markdown: await store.exportMarkdown(id, signal) };
    },
    subscribe(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };

  let disposed = false;
  return {
    servers: watcher,
    models,
    modelLoads,
    agent,
    conversations,
    mcp: mcp.port,
    setVisible: (visible) => watcher.setVisible(visible),
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      stopFollowingEndpoints();
      stopWatchingStore();
      stopWatchingIndex();
      stopWatchingMore();
      modelLoads.dispose();
      watcher.dispose();
      await agent.dispose();
      // Every MCP server's process group is gone before the app quits.
      await mcp.dispose();
      // Deleted conversations stay restorable until the app quits.
      await store.purgeTrash(AbortSignal.timeout(2_000)).catch((e: unknown) => deps.log.warn('emptying the trash failed', { error: String(e) }));
      await store.close();
      changeListeners.clear();
      noticeListeners.clear();
    },
  };
}

/** In the app, keys are entered in Settings (an environment variable still wins when set). */
export function appMissingKeyHint(provider: 'openai' | 'anthropic'): string {
  const name = provider === 'openai' ? 'OpenAI' : 'Anthropic';
  return `Add your ${name} key in Settings → API keys → ${name}.`;
}
