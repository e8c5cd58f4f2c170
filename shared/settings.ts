import { z } from 'zod';
import { mcpAllowRuleSchema } from './mcp';
import { DEFAULT_LOCAL_ENDPOINTS } from './modelSpec';
import { modelPresetsSchema } from './modelPreset';

export const TOOL_NAMES = ['read_file', 'list_files', 'search_files', 'write_file', 'edit_file', 'run_command'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Tools that change something, and so ask before they run unless a rule pre-approves them. */
export const GATED_TOOLS = ['write_file', 'edit_file', 'run_command'] as const;
export type GatedTool = (typeof GATED_TOOLS)[number];

/**
 * The tools a permission rule names: the gated ones, and read_file, which
 * asks only for well-known secret locations (.env, keys, .ssh, …); reading
 * any other file never asks.
 */
export const RULE_TOOLS = [...GATED_TOOLS, 'read_file'] as const;
export type RuleTool = (typeof RULE_TOOLS)[number];

export const permissionRuleSchema = z.enum(['ask', 'allow']);

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const DEFAULT_QUICK_ASK_SHORTCUT = 'CommandOrControl+Shift+Space';

const permissionRulesSchema = z.object({
  write_file: permissionRuleSchema,
  edit_file: permissionRuleSchema,
  run_command: permissionRuleSchema,
  /** Reading a secret location (.env, keys, .ssh, …) without asking. Optional in a patch, so one written before it existed still fits. */
  read_file: permissionRuleSchema.optional(),
});

/** An environment variable's name. */
export const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,199}$/, 'a variable name: letters, digits and _');

/** The fields, without defaults: a patch names only what it changes. */
const settingsFields = {
  /** Local endpoints probed in order (base URLs ending in /v1). */
  endpoints: z.array(z.string()),
  /** The model a new conversation starts with. */
  defaultModel: z.string(),
  /** The model last picked in the picker (remembered across launches). */
  lastModel: z.string(),
  workspace: z.string(),
  recentWorkspaces: z.array(z.string()),
  quickAskShortcut: z.string(),
  theme: themeSchema,
  /** Closing the main window keeps Punie in the tray. */
  closeToTray: z.boolean(),
  /** Pre-approval per gated tool. Nothing is approved silently by default. */
  permissionRules: permissionRulesSchema,
  /** MCP servers (all their tools) or single MCP tools that run without asking. Empty by default. */
  mcpRules: z.array(mcpAllowRuleSchema).max(500),
  maxTurns: z.number().int().min(1).max(500),
  /** Variables given to commands and MCP servers although their names look like secrets (see childEnv). */
  passEnv: z.array(envNameSchema).max(100),
  /** The user's sampling and loading preset per model id (shared/modelPreset.ts); a patch replaces the whole map. */
  modelPresets: modelPresetsSchema,
  /** Look for updates at start and every few hours (packaged builds with an update feed). */
  checkUpdates: z.boolean(),
  /** The user's own addition to every conversation's system prompt (before a model preset's). */
  systemPrompt: z.string().max(20_000),
};

export const settingsSchema = z.object({
  endpoints: settingsFields.endpoints.default([...DEFAULT_LOCAL_ENDPOINTS]),
  defaultModel: settingsFields.defaultModel.default('local:'),
  lastModel: settingsFields.lastModel.optional(),
  workspace: settingsFields.workspace.optional(),
  recentWorkspaces: settingsFields.recentWorkspaces.default([]),
  quickAskShortcut: settingsFields.quickAskShortcut.default(DEFAULT_QUICK_ASK_SHORTCUT),
  theme: settingsFields.theme.default('system'),
  closeToTray: settingsFields.closeToTray.default(true),
  permissionRules: permissionRulesSchema
    .partial()
    // read_file stays optional (absent means ask), so settings written before it existed still type-check and load.
    .transform((r) => ({ write_file: 'ask' as const, edit_file: 'ask' as const, run_command: 'ask' as const, ...r }))
    .default({ write_file: 'ask', edit_file: 'ask', run_command: 'ask' }),
  mcpRules: settingsFields.mcpRules.default([]),
  maxTurns: settingsFields.maxTurns.default(50),
  systemPrompt: settingsFields.systemPrompt.optional(),
  passEnv: settingsFields.passEnv.default([]),
  modelPresets: settingsFields.modelPresets.default({}),
  checkUpdates: settingsFields.checkUpdates.default(true),
});
export type Settings = z.output<typeof settingsSchema>;

/** A partial update: only the fields it names change (no defaults are filled in). */
export const settingsPatchSchema = z.object(settingsFields).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/**
 * What a page may change through `settings.set`: everything but the MCP
 * rules, which widen what runs without asking and so change only through
 * `mcp.setRule`, where main asks the user natively first.
 */
const { mcpRules: _mcpRules, ...pageFields } = settingsFields;
export const pageSettingsPatchSchema = z.object(pageFields).partial().strict();
export type PageSettingsPatch = z.infer<typeof pageSettingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
