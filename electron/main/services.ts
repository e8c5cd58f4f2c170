import type { Conversation, ConversationSummary, ConversationWriter } from '../../shared/conversation';
import type { UndoService } from '../core/undo/undoService';
import type { EditorId, EditorSetupView } from '../../shared/editorSetup';
import type { ModelLoad } from '../../shared/modelLoad';
import type { ServersStatus } from '../../shared/serverStatus';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { RouteOutput, SecretProvider, SecretsStatus } from '../../shared/ipc/routes';
import type { McpImportPreview, McpImportSource, McpView } from '../../shared/mcp';
import type { AgentService } from '../core/agent/agentService';

/**
 * The ports main's IPC handlers are written against. Nothing here imports
 * `electron`: the engine (discovery, agent service, history store) implements
 * the engine ports, the shell's own modules (settings file, secrets store,
 * Electron adapters) implement the rest; tests and the browser host pass
 * recording stand-ins for the Electron-backed ones (test/support/main).
 *
 * Every port method that does I/O takes an AbortSignal. Every method throws
 * PunieError (electron/core/errors.ts) with a stable code on failure; the
 * router turns it into an error envelope.
 */

export type Unsubscribe = () => void;

/** Which of Punie's windows a request came from or an event goes to. */
export type WindowKind = 'main' | 'quick';

// ---------------------------------------------------------------- engine ports

/** Local model servers: discovery's watcher. */
export interface ServersPort {
  /** The latest known status (cached; cheap). */
  status(signal: AbortSignal): Promise<ServersStatus>;
  /** Probes every endpoint now and answers the fresh status. */
  refresh(signal: AbortSignal): Promise<ServersStatus>;
  /** Called with every new status (after a probe changed something). */
  subscribe(listener: (status: ServersStatus) => void): Unsubscribe;
}

/** The model picker's options. */
export interface ModelsPort {
  list(options: { refresh: boolean }, signal: AbortSignal): Promise<RouteOutput<'models.list'>>;
}

/** Loading, reloading and unloading models on local servers (LM Studio, llama-server's router). */
export interface ModelLoadsPort {
  /** Checks the request and starts it; answers its id at once. Throws PunieError when it cannot start (not a watched endpoint, a model it does not list, a server that cannot). */
  start(request: { endpointUrl: string; model: string; action: 'load' | 'unload'; contextLength?: number }): Promise<{ loadId: string }>;
  /** False when no such load is in flight. */
  cancel(loadId: string): boolean;
  /** Loads in flight, with their latest step. */
  active(): ModelLoad[];
  /** Every step of every load, the last one included. */
  subscribe(listener: (load: ModelLoad) => void): Unsubscribe;
}

/**
 * What main's routes use of the engine's agent service (core/agent/agentService.ts):
 * one definition of each method, so the port cannot drift from the service.
 */
export type AgentPort = Pick<AgentService, 'start' | 'abort' | 'answerPermission' | 'active' | 'subscribe'>;

/** The history store. */
export interface ConversationsPort {
  list(query: { query?: string }, signal: AbortSignal): Promise<RouteOutput<'conversations.list'>>;
  /** Throws `not-found` for an unknown id. */
  get(id: string, signal: AbortSignal): Promise<Conversation>;
  rename(id: string, title: string, signal: AbortSignal): Promise<ConversationSummary>;
  /** Another Punie process writing it now (its lock), if one is; this process's own runs are not counted. */
  writtenElsewhere(id: string, signal: AbortSignal): Promise<ConversationWriter | undefined>;
  /** Moves it to the trash (restorable until the trash is purged). */
  delete(id: string, signal: AbortSignal): Promise<{ trashed: boolean }>;
  restore(id: string, signal: AbortSignal): Promise<ConversationSummary>;
  /** Undo of runs' file changes (electron/core/undo). */
  undo: Pick<UndoService, 'runs' | 'plan' | 'apply'>;
  /** Points the conversation at its folder again (a real path); its tools act there from then on. */
  setWorkspace(id: string, workspace: string, signal: AbortSignal): Promise<ConversationSummary>;
  /** Shows another branch: the branch in view ends at that run (recorded in the log). */
  setBranch(id: string, runId: string, signal: AbortSignal): Promise<ConversationSummary>;
  /** The conversation as Markdown (tool calls folded). */
  exportMarkdown(id: string, signal: AbortSignal): Promise<{ title: string; markdown: string }>;
  /** Conversations changed on disk (created, a run's prompt or end written, renamed, deleted, restored); `runIds`: runs now wholly on disk. */
  subscribe(listener: (change: { ids?: string[]; runIds?: string[] }) => void): Unsubscribe;
}

/** The app's MCP servers (core/mcp/mcpManager.ts): their states and Punie's mcp.json. */
export interface McpPort {
  view(): McpView;
  /** Called after any change of state, tools, files or stderr. */
  subscribe(listener: () => void): Unsubscribe;
  /** Punie's mcp.json as an object (fresh from disk); throws `conflict` when the file is not usable JSON. */
  readConfig(signal: AbortSignal): Promise<{ raw: Record<string, unknown> }>;
  /** Writes the whole object back and restarts the servers that changed. */
  writeConfig(raw: Record<string, unknown>, signal: AbortSignal): Promise<void>;
  readText(signal: AbortSignal): Promise<{ path: string; text: string }>;
  /** A failed or stopped server tries again. */
  restart(name: string): void;
  /** Approves (or withdraws approval of) the current workspace's .mcp.json as it is now. */
  setWorkspaceApproval(approve: boolean, signal: AbortSignal): Promise<void>;
  /** What importing another app's servers would do, and the entries it would add. */
  planImport(source: McpImportSource, signal: AbortSignal): Promise<{ preview: McpImportPreview; entries: Map<string, Record<string, unknown>> }>;
}

// ----------------------------------------------------------------- shell ports

/** Settings in memory, persisted to the settings file. */
export interface SettingsPort {
  get(): Settings;
  /** Applies a patch (validated by the router already), persists it, notifies subscribers, answers the new settings. */
  update(patch: SettingsPatch, signal: AbortSignal): Promise<Settings>;
  /** Set when the settings file was unreadable at start and defaults are in use. */
  notice(): string | undefined;
  subscribe(listener: (settings: Settings) => void): Unsubscribe;
}

export type ShortcutStatus = RouteOutput<'settings.get'>['shortcut'];

/** The quick-ask global shortcut's registration state. */
export interface ShortcutPort {
  status(): ShortcutStatus;
  subscribe(listener: (status: ShortcutStatus) => void): Unsubscribe;
}

/** API keys. The renderer only ever learns whether one is set and where from. */
export interface SecretsPort {
  status(): SecretsStatus;
  /** Stores (or, with null, removes) a key; answers the new status, never the key. */
  set(provider: SecretProvider, key: string | null, signal: AbortSignal): Promise<SecretsStatus>;
}

/** Native dialogs. */
export interface DialogsPort {
  /** A folder picker; null when cancelled. */
  pickFolder(options: { title: string; defaultPath?: string }, signal: AbortSignal): Promise<string | null>;
  /** A save dialog that writes `text` where the user chose; the path, or null when cancelled. */
  saveText(options: { title: string; defaultName: string; text: string }, signal: AbortSignal): Promise<string | null>;
  /**
   * Main's own question, in a native message box a page can neither draw nor
   * click: true only when the user chose `confirmLabel` (Cancel, Esc or
   * closing it: false).
   */
  confirm(options: { title: string; message: string; detail: string; confirmLabel: string }, signal: AbortSignal): Promise<boolean>;
}

/** The system browser. */
export interface ExternalPort {
  /** Opens an http(s) URL in the system browser; false when refused. */
  openExternal(url: string, signal: AbortSignal): Promise<boolean>;
  /** Opens a file in the app the system gives its type; false when that failed. */
  openPath(path: string, signal: AbortSignal): Promise<boolean>;
}

/** Punie's own windows. */
export interface WindowsPort {
  showQuickAsk(): void;
  hideQuickAsk(): void;
  showMain(): void;
}

/** The editors' ACP configuration ("Use Punie in your editor"). */
export interface EditorsPort {
  /** What setting up each editor would do; nothing is written. A file that cannot be parsed is reported, not thrown. */
  preview(signal: AbortSignal): Promise<EditorSetupView[]>;
  /** Writes Punie's entry (merged, the old file backed up). Throws PunieError `invalid-input` for a file it cannot parse. */
  setup(editor: EditorId, signal: AbortSignal): Promise<EditorSetupView>;
}

export interface AppInfo {
  version: string;
  platform: string;
  dataDir?: string;
}

/** Everything the handlers need. */
export interface MainServices {
  servers: ServersPort;
  models: ModelsPort;
  modelLoads: ModelLoadsPort;
  agent: AgentPort;
  conversations: ConversationsPort;
  mcp: McpPort;
  settings: SettingsPort;
  shortcut: ShortcutPort;
  secrets: SecretsPort;
  dialogs: DialogsPort;
  external: ExternalPort;
  windows: WindowsPort;
  editors: EditorsPort;
  appInfo: AppInfo;
}

/** The engine's part of MainServices: what the composition root builds from core. */
export type EngineServices = Pick<MainServices, 'servers' | 'models' | 'modelLoads' | 'agent' | 'conversations' | 'mcp'>;
