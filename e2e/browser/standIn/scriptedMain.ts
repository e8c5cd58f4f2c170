import type { AgentEvent, ModelRef } from '../../../shared/agentEvents';
import type { Conversation } from '../../../shared/conversation';
import type { ErrorData } from '../../../shared/errors';
import { routes, type RouteName, type RouteOutput, type RouteParsedInput, type SecretsStatus } from '../../../shared/ipc/routes';
import { defaultSettings, type Settings } from '../../../shared/settings';
import type { BridgedMain, WindowKind } from '../host/bridgedMain';
import { GEMMA_SPEC, LMSTUDIO_URL, modelsFor, QWEN_SPEC, secretsNone, serversFor, WORKSPACE, type ServerScene } from './cannedData';
import { conversationOf } from './conversationLog';
import { answerScript, commandScript, errorScript, readScript, slowScript, writeScript, type Script } from './runScripts';
import { playRun, type PlayedRun } from './runPlayer';

/**
 * A stand-in for main with canned data and scripted runs, answering every
 * route (a missing one does not compile) and validating inputs and outputs
 * with the routes' schemas like the real router. Tests steer it (server
 * scene, the next run's script, the folder the dialog picks) and inspect
 * what the page asked for.
 */
export interface ScriptedMain extends BridgedMain {
  setServers(scene: ServerScene): void;
  /** The next agent.start plays this instead of the script its prompt selects. */
  nextScript: Script | undefined;
  /** What workspace.pick answers. */
  pickResult: string | null;
  /** Accelerators that behave as taken by another app. */
  takenShortcuts: Set<string>;
  /** Every request the pages made, in order (API keys replaced by their length). */
  readonly requests: Array<{ route: string; input: unknown; window: WindowKind | undefined }>;
  readonly runs: Map<string, PlayedRun>;
  /** Secrets main received: provider → number of characters (never kept here). */
  readonly keysReceived: Array<{ provider: string; length: number | null }>;
  /** Schema violations by the stand-in itself (a test fails on any). */
  readonly problems: string[];
  /** Stores a conversation as history (conversations.get answers it). */
  seedConversation(conversation: Conversation): void;
  /** Pushes an event to the pages as main would (a notice, a menu command). */
  emit(channel: string, payload: unknown, kind?: WindowKind): void;
  /** Starts a run as another window would (for reattach and quick-ask hand-offs). */
  startRun(input: { prompt: string; modelSpec: string; conversationId?: string; script?: Script }): { runId: string; conversationId: string };
  dispose(): void;
}

type Handler<R extends RouteName> = (input: RouteParsedInput<R>, window: WindowKind | undefined) => Promise<RouteOutput<R>> | RouteOutput<R>;
type Handlers = { [R in RouteName]: Handler<R> };

class RouteError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

export function createScriptedMain(options: { scene?: ServerScene; settings?: Partial<Settings>; secrets?: SecretsStatus } = {}): ScriptedMain {
  let scene: ServerScene = options.scene ?? 'ready';
  let status = serversFor(scene);
  let settings: Settings = { ...defaultSettings(), lastModel: QWEN_SPEC, workspace: WORKSPACE, recentWorkspaces: [WORKSPACE], ...options.settings };
  let secrets: SecretsStatus = options.secrets ?? secretsNone();
  const windows = new Set<{ kind: WindowKind; send(channel: string, payload: unknown): void }>();
  const conversations = new Map<string, { model: string; runIds: string[] }>();
  const seeded = new Map<string, Conversation>();
  const runs = new Map<string, PlayedRun>();
  const requests: ScriptedMain['requests'] = [];
  const keysReceived: ScriptedMain['keysReceived'] = [];
  const problems: string[] = [];
  let seq = 0;

  const broadcast = (channel: string, payload: unknown, kind?: WindowKind) => {
    for (const w of [...windows]) {
      if (kind && w.kind !== kind) continue;
      try {
        w.send(channel, payload);
      } catch {
        windows.delete(w);
      }
    }
  };

  const shortcut = () =>
    main.takenShortcuts.has(settings.quickAskShortcut)
      ? { accelerator: settings.quickAskShortcut, registered: false, error: 'another app already uses this shortcut' }
      : { accelerator: settings.quickAskShortcut, registered: true };
  const settingsView = () => ({ settings, shortcut: shortcut() });

  const startRun: ScriptedMain['startRun'] = (input) => {
    const ref = modelRefOf(input.modelSpec);
    if (ref.provider === 'local' && scene === 'offline')
      throw new RouteError({
        code: 'server-unavailable',
        message: 'No local model server answers at 127.0.0.1:1234 or 127.0.0.1:8080.',
        hint: 'Start LM Studio’s server (Developer tab) or mlx_lm.server, or pick the Test model.',
      });
    if ((ref.provider === 'openai' || ref.provider === 'anthropic') && !secrets.providers[ref.provider].set)
      throw new RouteError({ code: 'auth-missing', message: `No ${ref.provider === 'openai' ? 'OpenAI' : 'Anthropic'} API key is set.`, hint: 'Add one in Settings → API keys.' });
    const conversationId = input.conversationId ?? `conv-${++seq}`;
    const conversation = conversations.get(conversationId) ?? { model: input.modelSpec, runIds: [] };
    conversations.set(conversationId, conversation);
    const runId = `run-${++seq}`;
    const script = input.script ?? scriptFor(input.prompt);
    const played = playRun({
      runId,
      conversationId,
      prompt: input.prompt,
      model: ref,
      workspace: settings.workspace,
      steps: script({ prompt: input.prompt, model: ref, conversationId, workspace: settings.workspace }),
      emit: (event: AgentEvent) => broadcast('agent.events', [event]),
    });
    conversation.runIds.push(runId);
    runs.set(runId, played);
    return { runId, conversationId };
  };

  const handlers: Handlers = {
    'models.list': () => ({ models: modelsFor(status, secrets), status }),
    'servers.status': () => status,
    'servers.refresh': () => {
      status = serversFor(scene);
      broadcast('servers.status', status);
      return status;
    },
    'agent.start': (input) => {
      const script = main.nextScript;
      main.nextScript = undefined;
      return startRun({ ...input, script });
    },
    'agent.abort': ({ runId }) => ({ aborted: runs.get(runId)?.abort() ?? false }),
    'agent.permission': ({ runId, requestId, decision }) => ({ accepted: runs.get(runId)?.answer(requestId, decision) ?? false }),
    'agent.active': () => ({
      runs: [...runs.values()]
        .filter((r) => !r.finished)
        .map((r) => ({ runId: r.runId, conversationId: r.conversationId, startedAt: r.startedAt, events: [...r.events] })),
    }),
    'conversations.list': () => ({
      items: [...conversations.keys()].map((id) => {
        const { messages: _m, trimmedBefore: _t, ...summary } = conversationFor(id);
        return summary;
      }),
    }),
    'conversations.get': ({ id }) => conversationFor(id),
    'conversations.rename': ({ id, title }) => ({ ...conversationFor(id), title, messages: undefined }),
    'conversations.delete': ({ id }) => ({ trashed: conversations.delete(id) }),
    'conversations.restore': ({ id }) => {
      throw new RouteError({ code: 'not-found', message: `Conversation ${id} is not in the trash.` });
    },
    'conversations.export': () => ({ path: null }),
    'settings.get': () => settingsView(),
    'settings.set': (patch) => {
      settings = { ...settings, ...patch };
      const view = settingsView();
      broadcast('settings.changed', view);
      return view;
    },
    'secrets.set': ({ provider, key }) => {
      keysReceived.push({ provider, length: key === null ? null : key.length });
      secrets = { ...secrets, providers: { ...secrets.providers, [provider]: key === null ? { set: false, source: 'none' } : { set: true, source: 'stored' } } };
      return secrets;
    },
    'secrets.status': () => secrets,
    'workspace.pick': () => {
      const path = main.pickResult;
      if (path !== null) {
        settings = { ...settings, workspace: path, recentWorkspaces: [path, ...settings.recentWorkspaces.filter((p) => p !== path)].slice(0, 10) };
        broadcast('settings.changed', settingsView());
      }
      return { path };
    },
    'app.openQuickAsk': () => ({}),
    'app.hideQuickAsk': () => ({}),
    'app.openMain': ({ conversationId }) => {
      if (conversationId) broadcast('app.command', { command: 'open-conversation', conversationId }, 'main');
      return {};
    },
    'app.openExternal': () => ({ opened: true }),
    'app.info': () => ({ version: '0.1.0', platform: 'linux' }),
  };

  function conversationFor(id: string): Conversation {
    const stored = seeded.get(id);
    if (stored) return stored;
    const c = conversations.get(id);
    if (!c) throw new RouteError({ code: 'not-found', message: `No conversation ${id}.` });
    const events = c.runIds.map((r) => runs.get(r)?.events ?? []);
    return conversationOf(id, events, c.model);
  }

  const main: ScriptedMain = {
    nextScript: undefined,
    pickResult: '/Users/ada/code/punie',
    takenShortcuts: new Set(['Alt+Space']),
    requests,
    runs,
    keysReceived,
    problems,
    startRun,
    emit: broadcast,
    seedConversation(conversation) {
      seeded.set(conversation.id, conversation);
    },
    setServers(next) {
      scene = next;
      status = serversFor(next);
      broadcast('servers.status', status);
    },
    async handle(sender, route, input) {
      const name = route as RouteName;
      if (typeof route !== 'string' || !(route in routes)) return { ok: false, error: { code: 'invalid-input', message: `Unknown route ${String(route)}.` } };
      requests.push({ route, input: route === 'secrets.set' ? redactKey(input) : input, window: sender.window });
      const parsed = routes[name].input.safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${route}.` } };
      try {
        const data = await (handlers[name] as Handler<RouteName>)(parsed.data as never, sender.window);
        const checked = routes[name].output.safeParse(data);
        if (!checked.success) {
          problems.push(`${route} answered data its schema refuses: ${checked.error.message}`);
          return { ok: false, error: { code: 'internal', message: 'The stand-in answered badly.' } };
        }
        return { ok: true, data: checked.data };
      } catch (e) {
        if (e instanceof RouteError) return { ok: false, error: e.data };
        problems.push(`${route} threw: ${String(e)}`);
        return { ok: false, error: { code: 'internal', message: 'The stand-in failed.' } };
      }
    },
    attachWindow(target) {
      windows.add(target);
      return () => windows.delete(target);
    },
    dispose() {
      for (const r of runs.values()) r.abort();
      windows.clear();
    },
  };
  return main;
}

/** Picks a script from the prompt's words, so a spec can drive the stand-in by what it types. */
function scriptFor(prompt: string): Script {
  const p = prompt.toLowerCase();
  if (p.includes('fix') || p.includes('edit')) return writeScript;
  if (p.includes('run the tests')) return commandScript;
  if (p.includes('notes')) return readScript;
  if (p.includes('slowly')) return slowScript;
  if (p.includes('break')) return errorScript('stream-broken', 'The server closed the stream before the answer ended.', 'Try again; if it keeps happening, check the server’s log.');
  return answerScript;
}

export function modelRefOf(spec: string): ModelRef {
  if (spec === 'test') return { spec, provider: 'test', modelId: 'test' };
  if (spec.startsWith('openai:')) return { spec, provider: 'openai', modelId: spec.slice(7) };
  if (spec.startsWith('anthropic:')) return { spec, provider: 'anthropic', modelId: spec.slice(10) };
  const model = spec === QWEN_SPEC ? 'qwen/qwen3-8b' : spec === GEMMA_SPEC ? 'google/gemma-3-12b' : spec.replace(/^local:/, '') || 'qwen/qwen3-8b';
  return { spec, provider: 'local', modelId: model, baseURL: LMSTUDIO_URL, serverKind: 'lmstudio', contextLength: 32_768 };
}

function redactKey(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  const { key, ...rest } = input as { key?: unknown };
  return { ...rest, key: typeof key === 'string' ? `<${key.length} characters>` : key };
}
