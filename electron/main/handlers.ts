import { conversationRunsOf } from '../core/store/runReplay';
import { branchRuns, storedRuns } from '../../shared/conversationBranches';
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PunieError } from '../core/errors';
import { createWorkspaceGuard } from '../core/tools/workspaceGuard';
import type { EventChannel, EventPayload } from '../../shared/ipc/events';
import type { SettingsView } from '../../shared/ipc/routes';
import { createMcpHandlers } from './mcpHandlers';
import type { Handlers } from './router';
import type { MainServices, WindowKind } from './services';
import { createSettingsGate } from './settingsGate';
import { checkStart, type StartGateDeps } from './startGate';
import { createWorkspacePolicy, type WorkspacePolicy } from './workspacePolicy';

/**
 * One handler per route, written against the ports in services.ts. Inputs
 * arrive parsed by the router; handlers answer plain data and throw
 * PunieError on failure.
 */

export interface HandlerDeps {
  services: MainServices;
  /** Pushes an event to windows (conversations.changed after a rename, commands to the main window). */
  events: {
    broadcast<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
    send<C extends EventChannel>(kind: WindowKind, channel: C, payload: EventPayload<C>): void;
  };
  /** Remembers which window started a run. */
  noteRunOrigin(runId: string, window: WindowKind): void;
  /**
   * Sends a window's buffered agent events at once. `agent.active` calls it
   * right before taking its snapshot (in the same tick), so every event the
   * window received before the answer is in the snapshot and every later one
   * is not: a reattaching view neither misses nor repeats text.
   */
  flushAgentEvents?(window: WindowKind): void;
  /** Which workspaces windows may use (default: one built on the settings). */
  workspaces?: WorkspacePolicy;
}

/** How many recent workspaces settings remember. */
export const MAX_RECENT_WORKSPACES = 10;

export function settingsView(services: Pick<MainServices, 'settings' | 'shortcut'>): SettingsView {
  const notice = services.settings.notice();
  const view: SettingsView = { settings: services.settings.get(), shortcut: services.shortcut.status() };
  return notice === undefined ? view : { ...view, notice };
}

/** A file name for an exported conversation: no path separators or control characters, bounded. */
export function exportFileName(title: string): string {
  const cleaned = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${cleaned || 'conversation'}.md`;
}

export function createHandlers({ services, events, noteRunOrigin, flushAgentEvents, workspaces: givenWorkspaces }: HandlerDeps): Handlers {
  const { servers, models, modelLoads, agent, conversations, settings, secrets, dialogs, external, windows } = services;
  // What a window may widen is main's decision: workspaces it allows, confirmations it asks for itself.
  const workspaces = givenWorkspaces ?? createWorkspacePolicy({ settings: () => settings.get() });
  const settingsGate = createSettingsGate({ settings, dialogs, workspaces });
  const startGate: StartGateDeps = {
    workspaces,
    async knownServers(signal) {
      const status = await servers.status(signal);
      return [...settings.get().endpoints, ...status.endpoints.map((e) => e.url), ...(status.ollama ? [status.ollama.url] : [])];
    },
    conversationWorkspace: async (id, signal) => (await conversations.get(id, signal).catch(() => undefined))?.workspace,
  };

  return {
    'models.list': (input, { signal }) => models.list({ refresh: input.refresh ?? false }, signal),
    'models.load': ({ endpointUrl, model, contextLength }) => modelLoads.start({ endpointUrl, model, action: 'load', ...(contextLength === undefined ? {} : { contextLength }) }),
    'models.unload': ({ endpointUrl, model }) => modelLoads.start({ endpointUrl, model, action: 'unload' }),
    'models.cancelLoad': async ({ loadId }) => ({ cancelled: modelLoads.cancel(loadId) }),
    'models.loads': async () => ({ loads: modelLoads.active() }),
    'servers.status': (_input, { signal }) => servers.status(signal),
    'servers.refresh': (_input, { signal }) => servers.refresh(signal),

    'agent.start': async ({ modelSpec, ...input }, { signal, sender }) => {
      const model = await checkStart({ ...input, modelSpec }, startGate, signal);
      const started = await agent.start({ ...input, model }, signal);
      noteRunOrigin(started.runId, sender.window);
      return started;
    },
    'agent.abort': async ({ runId }) => ({ aborted: agent.abort(runId) }),
    'agent.permission': async ({ runId, requestId, decision }) => ({
      accepted: agent.answerPermission(runId, requestId, decision),
    }),
    'agent.active': async (_input, { sender }) => {
      // No await between the flush and the snapshot: no event can slip in between.
      flushAgentEvents?.(sender.window);
      return { runs: agent.active() };
    },

    'conversations.list': (input, { signal }) => conversations.list(input, signal),
    'conversations.get': async ({ id, lastRuns }, { signal }) => {
      // Its runs as the one reducer builds them from the stored records replayed as AgentEvents.
      const { messages, trimmedBefore, currentRunId, ...summary } = await conversations.get(id, signal);
      const stored = storedRuns(id, messages);
      const branch = branchRuns(stored, currentRunId);
      const branchTip = branch.at(-1)?.runId;
      // A window paints the end of the branch in view first: only those runs are replayed and sent,
      // a long conversation's others follow in a second answer. One that fits is sent whole.
      const only = lastRuns === undefined || stored.length <= lastRuns ? undefined : new Set(branch.slice(-lastRuns).map((r) => r.runId));
      const { runs, total } = conversationRunsOf({ id, model: summary.model, messages, trimmedBefore }, only);
      const writtenElsewhere = await conversations.writtenElsewhere(id, signal);
      return {
        ...summary,
        runs,
        ...(branchTip === undefined ? {} : { branchTip }),
        ...(runs.length < total ? { earlierRuns: total - runs.length } : {}),
        ...(writtenElsewhere === undefined ? {} : { writtenElsewhere }),
      };
    },
    'conversations.writer': async ({ id }, { signal }) => {
      const writer = await conversations.writtenElsewhere(id, signal);
      return writer === undefined ? {} : { writer };
    },
    // The store says `conversations.changed` once the switch is on disk.
    'conversations.branch': ({ id, runId }, { signal }) => conversations.setBranch(id, runId, signal),
    // The store says `conversations.changed` once each change is on disk.
    'conversations.rename': ({ id, title }, { signal }) => conversations.rename(id, title, signal),
    'conversations.delete': ({ id }, { signal }) => conversations.delete(id, signal),
    'conversations.restore': ({ id }, { signal }) => conversations.restore(id, signal),
    'conversations.workspace': async ({ id }, { signal }) => {
      const { workspace } = await conversations.get(id, signal);
      if (workspace === undefined) return { state: 'none' as const };
      // As the agent sees it: there, a folder, and still its real path (not a link that now leads elsewhere).
      const guard = await createWorkspaceGuard({ root: workspace }).catch(() => undefined);
      return { workspace, state: guard?.root === workspace ? ('ok' as const) : ('missing' as const) };
    },
    'conversations.relocate': async ({ id }, { signal }) => {
      const conversation = await conversations.get(id, signal);
      const picked = await dialogs.pickFolder({ title: `Where is “${conversation.title}”’s folder now?`, ...(conversation.workspace ? { defaultPath: dirname(conversation.workspace) } : {}) }, signal);
      if (picked === null) return { path: null };
      // The folder's real path, as a conversation records it (its tools then refuse a path that leads elsewhere).
      const path = await realpath(picked).catch((e: unknown) => {
        throw new PunieError('not-found', `${picked} cannot be opened (${e instanceof Error ? e.message : String(e)}).`);
      });
      workspaces.notePicked(path);
      await conversations.setWorkspace(id, path, signal);
      return { path };
    },
    'undo.runs': async ({ conversationId }, { signal }) => ({ runs: await conversations.undo.runs(conversationId, signal) }),
    'undo.plan': ({ conversationId, runId, redo }, { signal }) => conversations.undo.plan(conversationId, { runId, redo }, signal),
    'undo.apply': async ({ conversationId, runId, redo, overwrite, seen }, { signal }) => {
      // The store says conversations.changed once the undo is recorded.
      const { done, skipped } = await conversations.undo.apply(conversationId, { runId, redo, overwrite, seen }, signal);
      return { done: done.map((d) => ({ path: d.path })), skipped };
    },
    'conversations.export': async ({ id }, { signal }) => {
      const { title, markdown } = await conversations.exportMarkdown(id, signal);
      const path = await dialogs.saveText({ title: 'Export conversation', defaultName: exportFileName(title), text: markdown }, signal);
      return { path };
    },

    'settings.get': async () => settingsView(services),
    'settings.set': async (patch, { signal }) => {
      await settingsGate.apply(patch, signal);
      return settingsView(services);
    },

    'secrets.set': ({ provider, key }, { signal }) => secrets.set(provider, key, signal),
    'secrets.status': async () => secrets.status(),

    'workspace.openInstructions': async ({ conversationId, file }, { signal }) => {
      const { workspace } = await conversations.get(conversationId, signal);
      if (workspace === undefined) return { opened: false };
      // Through the workspace guard: a file that is a link out of the workspace is not opened.
      const guard = await createWorkspaceGuard({ root: workspace });
      const target = await guard.resolve(file).catch(() => undefined);
      if (!target?.exists) return { opened: false };
      return { opened: await external.openPath(target.abs, signal) };
    },
    'workspace.pick': async (_input, { signal }) => {
      const current = settings.get();
      const picked = await dialogs.pickFolder(
        current.workspace === undefined ? { title: 'Choose a workspace folder' } : { title: 'Choose a workspace folder', defaultPath: current.workspace },
        signal,
      );
      // By its real path, as a conversation records its folder: the same folder reached through a link is the same workspace.
      const path = picked === null ? null : await realpath(picked).catch(() => picked);
      if (path !== null) {
        workspaces.notePicked(path);
        const recent = [path, ...settings.get().recentWorkspaces.filter((p) => p !== path)].slice(0, MAX_RECENT_WORKSPACES);
        await settings.update({ workspace: path, recentWorkspaces: recent }, signal);
      }
      return { path };
    },

    'app.openQuickAsk': async () => {
      windows.showQuickAsk();
      return {};
    },
    'app.hideQuickAsk': async () => {
      windows.hideQuickAsk();
      return {};
    },
    'app.openMain': async ({ conversationId }, { sender }) => {
      windows.showMain();
      if (conversationId !== undefined) events.send('main', 'app.command', { command: 'open-conversation', conversationId });
      if (sender.window === 'quick') windows.hideQuickAsk();
      return {};
    },
    'app.openExternal': async ({ url }, { signal }) => ({ opened: await external.openExternal(url, signal) }),
    'editors.preview': async (_input, { signal }) => ({ editors: await services.editors.preview(signal) }),
    'editors.setup': ({ editor }, { signal }) => services.editors.setup(editor, signal),

    'app.info': async () => ({ ...services.appInfo }),

    ...createMcpHandlers({ mcp: services.mcp, dialogs: services.dialogs, settings }),
  };
}
