import { z } from 'zod';
import { agentEventSchema, permissionDecisionSchema } from '../agentEvents';
import { contextSourceSchema } from '../contextSourceSchema';
import { INSTRUCTION_FILES } from '../instructionFiles';
import { runUndoStateSchema, undoPlanSchema, undoResultSchema } from '../undo';
import { conversationSummarySchema, conversationWriterSchema } from '../conversation';
import { runViewSchema } from '../runView';
import { loadViaSchema, modelLoadSchema } from '../modelLoad';
import { MAX_PRESET_MODEL_ID, modelPresetSchema } from '../modelPreset';
import { editorIdSchema, editorSetupViewSchema } from '../editorSetup';
import { errorDataSchema } from '../errorData';
import type { ErrorData } from '../errors';
import { mcpAllowRuleSchema, mcpImportPreviewSchema, mcpImportSourceSchema, mcpServerInputSchema, mcpServerNameSchema, mcpViewSchema } from '../mcp';
import { serverKindSchema, serversStatusSchema } from '../serverStatusSchema';
import { pageSettingsPatchSchema, settingsSchema } from '../settings';

/**
 * Every request the renderer can make of main, with a schema for its input
 * and its output. Main parses the input before any handler runs; the handler
 * map in main is typed against this object, so a route without a handler does
 * not compile.
 */

const empty = z.object({}).strict();

export const modelGroupSchema = z.enum([
  'lmstudio',
  'mlx-lm',
  'llama.cpp',
  'ollama',
  'openai-compatible',
  'openai',
  'anthropic',
  'test',
]);
export type ModelGroup = z.infer<typeof modelGroupSchema>;

export const modelOptionSchema = z.object({
  /** The spec to start a run with, e.g. `local:http://127.0.0.1:1234/v1/qwen/qwen3-8b`. */
  spec: z.string(),
  label: z.string(),
  group: modelGroupSchema,
  groupLabel: z.string(),
  /** For local models: the endpoint that serves it. */
  endpointUrl: z.string().optional(),
  serverKind: serverKindSchema.optional(),
  loaded: z.boolean().optional(),
  loadsOnDemand: z.boolean().optional(),
  /** Being loaded on the server right now. */
  loading: z.boolean().optional(),
  /** The context the model has (loaded with, or will load with); `contextSource` says which. */
  contextLength: z.number().int().positive().optional(),
  contextSource: contextSourceSchema.optional(),
  maxContextLength: z.number().int().positive().optional(),
  /** How Punie can load, reload and unload it here (absent: it cannot). */
  loadVia: loadViaSchema.optional(),
  /** Whether a load can choose the context length (LM Studio; not llama-server's router). */
  canSetContext: z.boolean().optional(),
  quantization: z.string().optional(),
  toolUse: z.boolean().optional(),
  /** "not loaded — the first message loads it" */
  note: z.string().optional(),
  /** False when it cannot be used now (no key set, model not loaded and not loadable). */
  available: z.boolean(),
  unavailableReason: z.string().optional(),
});
export type ModelOption = z.infer<typeof modelOptionSchema>;

export const secretProviderSchema = z.enum(['openai', 'anthropic']);
export type SecretProvider = z.infer<typeof secretProviderSchema>;

export const secretsStatusSchema = z.object({
  providers: z.object({
    openai: z.object({ set: z.boolean(), source: z.enum(['env', 'stored', 'none']) }),
    anthropic: z.object({ set: z.boolean(), source: z.enum(['env', 'stored', 'none']) }),
  }),
  /** secure: OS keychain; basic_text: Linux without a secret service (obfuscated only); unavailable: keys cannot be stored. */
  storage: z.enum(['secure', 'basic_text', 'unavailable']),
  storageNote: z.string().optional(),
});
export type SecretsStatus = z.infer<typeof secretsStatusSchema>;

export const shortcutStatusSchema = z.object({
  accelerator: z.string(),
  registered: z.boolean(),
  /** Why it is not registered: taken by another app, invalid accelerator. */
  error: z.string().optional(),
});

export const settingsViewSchema = z.object({
  settings: settingsSchema,
  shortcut: shortcutStatusSchema,
  /** Set when the settings file was unreadable and defaults are in use. */
  notice: z.string().optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const activeRunSchema = z.object({
  runId: z.string(),
  conversationId: z.string(),
  startedAt: z.number(),
  /** Events so far, so a reloaded view can rebuild the run and reattach. */
  events: z.array(agentEventSchema),
});

export const routes = {
  'models.list': {
    input: z.object({ refresh: z.boolean().optional() }).strict(),
    output: z.object({ models: z.array(modelOptionSchema), status: serversStatusSchema }),
  },
  /** Loads a model on a local server (reloading it when it is loaded with another context); progress comes as `models.load` events. */
  'models.load': {
    input: z
      .object({
        endpointUrl: z.string().min(1).max(2_000),
        model: z.string().min(1).max(MAX_PRESET_MODEL_ID),
        contextLength: modelPresetSchema.shape.contextLength.optional(),
      })
      .strict(),
    output: z.object({ loadId: z.string() }),
  },
  'models.unload': {
    input: z.object({ endpointUrl: z.string().min(1).max(2_000), model: z.string().min(1).max(MAX_PRESET_MODEL_ID) }).strict(),
    output: z.object({ loadId: z.string() }),
  },
  'models.cancelLoad': {
    input: z.object({ loadId: z.string().min(1).max(200) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Loads in flight (a window that opens mid-load picks them up). */
  'models.loads': { input: empty, output: z.object({ loads: z.array(modelLoadSchema) }) },
  'servers.status': { input: empty, output: serversStatusSchema },
  'servers.refresh': { input: empty, output: serversStatusSchema },

  'agent.start': {
    input: z
      .object({
        /** Continue this conversation; omitted → a new one. */
        conversationId: z.string().min(1).max(200).optional(),
        prompt: z.string().min(1).max(1_000_000),
        modelSpec: z.string().min(1).max(2_000),
        workspace: z.string().min(1).max(4_096).optional(),
        /** The run the new one follows (its branch); null: from the start; omitted: after the latest run. */
        parentRunId: z.string().min(1).max(200).nullable().optional(),
      })
      .strict(),
    output: z.object({ runId: z.string(), conversationId: z.string() }),
  },
  'agent.abort': {
    input: z.object({ runId: z.string().min(1).max(200) }).strict(),
    output: z.object({ aborted: z.boolean() }),
  },
  'agent.permission': {
    input: z
      .object({
        runId: z.string().min(1).max(200),
        requestId: z.string().min(1).max(200),
        decision: permissionDecisionSchema,
      })
      .strict(),
    output: z.object({ accepted: z.boolean() }),
  },
  'agent.active': { input: empty, output: z.object({ runs: z.array(activeRunSchema) }) },

  'conversations.list': {
    input: z.object({ query: z.string().max(500).optional() }).strict(),
    output: z.object({
      items: z.array(conversationSummarySchema),
      /** Conversations that could not be read and were kept aside. */
      quarantined: z.array(z.object({ file: z.string(), reason: z.string() })).optional(),
    }),
  },
  'conversations.get': {
    input: z
      .object({
        id: z.string().min(1).max(200),
        /**
         * Only the last this many runs of the branch in view (what a window
         * paints first); absent: every run. `earlierRuns` says how many were left out.
         */
        lastRuns: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    /** Its runs (every branch, oldest first), rebuilt by the one run reducer from the stored records (store/runReplay.ts). */
    output: conversationSummarySchema.extend({
      runs: z.array(runViewSchema),
      /** The last run of the branch in view (the one last switched to, else the latest run's); absent: no runs. */
      branchTip: z.string().optional(),
      /** With `lastRuns`: how many runs (older ones, or of other branches) were left out; absent: none. */
      earlierRuns: z.number().int().positive().optional(),
      /** Another Punie process is writing it now (one writer per conversation): shown read-only until it is done. */
      writtenElsewhere: conversationWriterSchema.optional(),
    }),
  },
  /** Who else writes the conversation now, if anyone: a read-only view asks until the answer is nobody. */
  'conversations.writer': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: z.object({ writer: conversationWriterSchema.optional() }),
  },
  /** The user switched to another branch: it ends at `runId` (recorded; the sidebar's preview, search, export and the next prompt follow it). */
  'conversations.branch': {
    input: z.object({ id: z.string().min(1).max(200), runId: z.string().min(1).max(300) }).strict(),
    output: conversationSummarySchema,
  },
  'conversations.rename': {
    input: z.object({ id: z.string().min(1).max(200), title: z.string().min(1).max(200) }).strict(),
    output: conversationSummarySchema,
  },
  'conversations.delete': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: z.object({ trashed: z.boolean() }),
  },
  'conversations.restore': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: conversationSummarySchema,
  },
  /** The folder a conversation works in, and whether it is still there (the chat header shows it). */
  'conversations.workspace': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: z.object({ workspace: z.string().optional(), state: z.enum(['ok', 'missing', 'none']) }),
  },
  /** The conversation's folder moved: main asks where it is now (its folder dialog) and the conversation works there from then on. null: cancelled. */
  'conversations.relocate': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  /** The runs of a conversation that changed files: what the footer's Undo / Redo offers. */
  'undo.runs': {
    input: z.object({ conversationId: z.string().min(1).max(200) }).strict(),
    output: z.object({ runs: z.array(runUndoStateSchema) }),
  },
  /** What undoing (redo: making again) a run would do to each file now, with diffs. */
  'undo.plan': {
    input: z.object({ conversationId: z.string().min(1).max(200), runId: z.string().min(1).max(200), redo: z.boolean() }).strict(),
    output: undoPlanSchema,
  },
  /** Does it. `overwrite`: files changed since the run to put back anyway; `seen`: each file's `now` from the plan shown. */
  'undo.apply': {
    input: z
      .object({
        conversationId: z.string().min(1).max(200),
        runId: z.string().min(1).max(200),
        redo: z.boolean(),
        overwrite: z.array(z.string().max(4_096)).max(10_000),
        seen: z.record(z.string().max(4_096), z.string().max(100)),
      })
      .strict(),
    output: undoResultSchema,
  },
  'conversations.export': {
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    /** null when the user cancelled the save dialog. */
    output: z.object({ path: z.string().nullable() }),
  },

  'settings.get': { input: empty, output: settingsViewSchema },
  'settings.set': { input: pageSettingsPatchSchema, output: settingsViewSchema },

  'secrets.set': {
    input: z
      .object({ provider: secretProviderSchema, key: z.string().trim().min(1).max(1_000).nullable() })
      .strict(),
    output: secretsStatusSchema,
  },
  'secrets.status': { input: empty, output: secretsStatusSchema },

  /** Opens one of a conversation's project instruction files (AGENTS.md …) in the system's editor; false when it is not there. */
  'workspace.openInstructions': {
    input: z.object({ conversationId: z.string().min(1).max(200), file: z.enum(INSTRUCTION_FILES) }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  'workspace.pick': { input: empty, output: z.object({ path: z.string().nullable() }) },

  'mcp.view': { input: empty, output: mcpViewSchema },
  /** Adds or changes a server (renamedFrom: its old name). A new or changed server is confirmed natively by main first. */
  'mcp.saveServer': {
    input: z.object({ name: mcpServerNameSchema, server: mcpServerInputSchema, renamedFrom: mcpServerNameSchema.optional() }).strict(),
    output: mcpViewSchema,
  },
  'mcp.removeServer': { input: z.object({ name: z.string().min(1).max(100) }).strict(), output: mcpViewSchema },
  /** Turning a server on again is confirmed natively by main. */
  'mcp.setDisabled': { input: z.object({ name: z.string().min(1).max(100), disabled: z.boolean() }).strict(), output: mcpViewSchema },
  'mcp.restart': { input: z.object({ name: z.string().min(1).max(100) }).strict(), output: mcpViewSchema },
  'mcp.getJson': { input: empty, output: z.object({ path: z.string(), text: z.string() }) },
  /** The whole file from the JSON view; new or changed servers are confirmed natively by main. */
  'mcp.setJson': { input: z.object({ text: z.string().max(1_000_000) }).strict(), output: mcpViewSchema },
  /** Lets the current workspace's .mcp.json run (confirmed natively by main), or withdraws that. */
  'mcp.approveWorkspace': { input: z.object({ approve: z.boolean() }).strict(), output: mcpViewSchema },
  /** Pre-allows (confirmed natively by main) or stops pre-allowing a server's tools, or one tool. */
  'mcp.setRule': {
    input: mcpAllowRuleSchema.extend({ allow: z.boolean() }).strict(),
    output: z.object({ rules: z.array(mcpAllowRuleSchema) }),
  },
  'mcp.importPreview': { input: z.object({ source: mcpImportSourceSchema }).strict(), output: mcpImportPreviewSchema },
  /** Adds the named servers of the other app's file (confirmed natively by main). */
  'mcp.importApply': {
    input: z.object({ source: mcpImportSourceSchema, names: z.array(z.string().min(1).max(100)).min(1).max(100) }).strict(),
    output: mcpViewSchema,
  },

  /** What setting up each editor for `punie acp` would do (nothing is written). */
  'editors.preview': { input: empty, output: z.object({ editors: z.array(editorSetupViewSchema) }) },
  /** Writes Punie's entry into the editor's configuration (merged, the old file backed up); main decides the command. */
  'editors.setup': { input: z.object({ editor: editorIdSchema }).strict(), output: editorSetupViewSchema },

  'app.openQuickAsk': { input: empty, output: z.object({}) },
  'app.hideQuickAsk': { input: empty, output: z.object({}) },
  'app.openMain': {
    input: z.object({ conversationId: z.string().min(1).max(200).optional() }).strict(),
    output: z.object({}),
  },
  'app.openExternal': {
    input: z.object({ url: z.string().url().max(4_096).refine((u) => /^https?:\/\//i.test(u), 'only http(s) links') }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), platform: z.string(), dataDir: z.string().optional() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** What a caller passes (before defaults). */
export type RouteInput<R extends RouteName> = z.input<Routes[R]['input']>;
/** What a handler receives (after parsing). */
export type RouteParsedInput<R extends RouteName> = z.output<Routes[R]['input']>;
export type RouteOutput<R extends RouteName> = z.output<Routes[R]['output']>;

/** Every answer crosses IPC as data, never as a rejected promise. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorData };
export const envelopeErrorSchema = z.object({ ok: z.literal(false), error: errorDataSchema });

export const ROUTE_NAMES = Object.keys(routes) as RouteName[];
