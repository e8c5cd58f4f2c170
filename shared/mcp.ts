import { z } from 'zod';

/**
 * MCP (Model Context Protocol) servers as every face sees them: the entry
 * shape of `mcp.json` (the shape LM Studio, Claude Desktop and Claude Code
 * use: `{"mcpServers": {"NAME": {command, args, env, cwd} | {url, headers}}}`),
 * the state of a running server, and the rules that pre-allow its tools.
 */

/** Where a server's entry came from: Punie's own mcp.json, a workspace's .mcp.json, or an editor (ACP session). */
export const mcpSourceSchema = z.enum(['user', 'workspace', 'session']);
export type McpSource = z.infer<typeof mcpSourceSchema>;

export const mcpTransportSchema = z.enum(['stdio', 'http', 'sse']);
export type McpTransportKind = z.infer<typeof mcpTransportSchema>;

const stringMap = z.record(z.string(), z.string());

/**
 * One `mcpServers` entry as written in the file. Unknown keys are allowed
 * (and kept when Punie rewrites the file). `disabled` and `timeoutSeconds`
 * (the per-call timeout) are Punie's own; `type` is Claude Code's hint
 * (`http`: Streamable HTTP, `sse`: the older HTTP+SSE transport).
 */
export const mcpServerEntrySchema = z
  .looseObject({
    type: z.enum(['stdio', 'http', 'streamable-http', 'streamableHttp', 'sse']).optional(),
    command: z.string().trim().min(1, 'command is empty').max(4_096).optional(),
    args: z.array(z.string().max(32_768)).max(1_000).optional(),
    env: stringMap.optional(),
    cwd: z.string().max(4_096).optional(),
    url: z.string().max(4_096).optional(),
    headers: stringMap.optional(),
    disabled: z.boolean().optional(),
    timeoutSeconds: z.number().positive().max(86_400).optional(),
  })
  .superRefine((entry, ctx) => {
    const hasCommand = entry.command !== undefined;
    const hasUrl = entry.url !== undefined;
    if (hasCommand === hasUrl) {
      ctx.addIssue({ code: 'custom', message: hasCommand ? 'give either "command" or "url", not both' : 'give a "command" (a program to run) or a "url"' });
      return;
    }
    if (hasUrl) {
      let url: URL | undefined;
      try {
        url = new URL(entry.url!);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) ctx.addIssue({ code: 'custom', path: ['url'], message: 'must be an http:// or https:// address' });
      if (entry.type === 'stdio') ctx.addIssue({ code: 'custom', path: ['type'], message: '"stdio" needs a command, not a url' });
    } else if (entry.type !== undefined && entry.type !== 'stdio') {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `"${entry.type}" needs a url, not a command` });
    }
  });
export type McpServerEntry = z.infer<typeof mcpServerEntrySchema>;

/** A server name: what the file's key may be (also the prefix of its tools' names, cleaned). */
export const mcpServerNameSchema = z
  .string()
  .trim()
  .min(1, 'the name is empty')
  .max(100, 'the name is longer than 100 characters')
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'the name has control characters');

/** One tool of a connected server, as faces show it. */
export const mcpToolInfoSchema = z.object({
  /** The name the model sees: SERVER__TOOL, cleaned and unique. */
  name: z.string(),
  /** The tool's own name on its server. */
  tool: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** The server says the tool only reads (it still asks unless a rule allows it). */
  readOnly: z.boolean().optional(),
});
export type McpToolInfo = z.infer<typeof mcpToolInfoSchema>;

export const mcpServerStateSchema = z.enum(['disabled', 'needs-approval', 'starting', 'connected', 'restarting', 'failed', 'stopped']);
export type McpServerState = z.infer<typeof mcpServerStateSchema>;

export const mcpServerStatusSchema = z.object({
  name: z.string(),
  source: mcpSourceSchema,
  transport: mcpTransportSchema,
  /** What runs or where it connects, for people: `npx -y @modelcontextprotocol/server-everything` or the URL. */
  target: z.string(),
  state: mcpServerStateSchema,
  tools: z.array(mcpToolInfoSchema),
  /** Why it failed (or what went wrong last), in words a user can act on. */
  error: z.string().optional(),
  /** The last lines the server wrote on stderr (control characters made visible). */
  stderr: z.array(z.string()),
  /** The name and version the server gave when it connected. */
  serverInfo: z.object({ name: z.string(), version: z.string() }).optional(),
  /** Restarts after a crash since it last stayed up. */
  restarts: z.number().int().nonnegative(),
  /** The per-call timeout in use, in milliseconds. */
  timeoutMs: z.number().int().positive(),
});
export type McpServerStatus = z.infer<typeof mcpServerStatusSchema>;

/** A rule that pre-allows every tool of a server, or one tool of it (by its name on the server). */
export const mcpAllowRuleSchema = z.object({
  server: z.string().min(1).max(100),
  tool: z.string().min(1).max(200).optional(),
});
export type McpAllowRule = z.infer<typeof mcpAllowRuleSchema>;

/** Whether a rule allows a call of `tool` on `server` without asking. */
export function mcpRuleAllows(rules: readonly McpAllowRule[] | undefined, server: string, tool: string): boolean {
  return (rules ?? []).some((r) => r.server === server && (r.tool === undefined || r.tool === tool));
}

/** What an MCP tool call is, for the permission card and the trace: its server and its name there. */
export const mcpCallInfoSchema = z.object({
  server: z.string(),
  tool: z.string(),
  /** The server's readOnlyHint. */
  readOnly: z.boolean().optional(),
});
export type McpCallInfo = z.infer<typeof mcpCallInfoSchema>;

/** The command line or URL of an entry, for people. */
export function mcpTarget(entry: Pick<McpServerEntry, 'command' | 'args' | 'url'>): string {
  if (entry.url !== undefined) return entry.url;
  return [entry.command ?? '', ...(entry.args ?? []).map(quoteArg)].join(' ').trim();
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Everything the MCP settings show: the file, its servers' states, the workspace's .mcp.json. */
export const mcpViewSchema = z.object({
  /** Punie's mcp.json. */
  configPath: z.string(),
  /** Why the file as a whole cannot be used (its servers do not run). */
  problem: z.string().optional(),
  servers: z.array(mcpServerStatusSchema),
  /** The current workspace's .mcp.json, when it has one. */
  workspace: z
    .object({
      folder: z.string(),
      file: z.string(),
      approved: z.boolean(),
      /** Its servers by name, as the file lists them (with what each runs, for the approval). */
      servers: z.array(z.object({ name: z.string(), target: z.string() })),
      problem: z.string().optional(),
    })
    .optional(),
});
export type McpView = z.infer<typeof mcpViewSchema>;

/** A server as the settings form edits it: a program, or a URL. Other keys of the entry are kept. */
export const mcpServerInputSchema = z.discriminatedUnion('transport', [
  z
    .object({
      transport: z.literal('stdio'),
      command: z.string().trim().min(1, 'Give the program to run.').max(4_096),
      args: z.array(z.string().max(32_768)).max(1_000),
      env: z.record(z.string().min(1).max(500), z.string().max(32_768)),
      cwd: z.string().max(4_096).optional(),
      timeoutSeconds: z.number().positive().max(86_400).optional(),
    })
    .strict(),
  z
    .object({
      transport: z.enum(['http', 'sse']),
      url: z
        .string()
        .trim()
        .max(4_096)
        .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'Give an http:// or https:// address.'),
      headers: z.record(z.string().min(1).max(500), z.string().max(32_768)),
      timeoutSeconds: z.number().positive().max(86_400).optional(),
    })
    .strict(),
]);
export type McpServerInput = z.infer<typeof mcpServerInputSchema>;

export const mcpImportSourceSchema = z.enum(['lmstudio', 'claude']);
export type McpImportSource = z.infer<typeof mcpImportSourceSchema>;

export const MCP_IMPORT_LABELS: Record<McpImportSource, string> = { lmstudio: 'LM Studio', claude: 'Claude Desktop' };

/** What an import would add: each server of the other app's file and what happens to it. */
export const mcpImportPreviewSchema = z.object({
  source: mcpImportSourceSchema,
  path: z.string(),
  found: z.boolean(),
  problem: z.string().optional(),
  servers: z.array(
    z.object({
      name: z.string(),
      target: z.string(),
      transport: mcpTransportSchema,
      /** new: added; same: Punie has it already; conflict: Punie has another server by this name (not imported); invalid: cannot be used. */
      outcome: z.enum(['new', 'same', 'conflict', 'invalid']),
      note: z.string().optional(),
    }),
  ),
});
export type McpImportPreview = z.infer<typeof mcpImportPreviewSchema>;
