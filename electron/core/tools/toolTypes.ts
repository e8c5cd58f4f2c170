import type { z } from 'zod';
import type { ToolMeta } from '../../../shared/agentEvents';
import type { McpCallInfo } from '../../../shared/mcp';
import type { CommandOptions, CommandResult } from './commandRunner';
import type { FileAccess } from './fileAccess';
import type { ToolLimits } from './toolLimits';
import type { WorkspaceGuard } from './workspaceGuard';
import type { FileChange } from '../undo/fileState';

/** What a tool returns: `content` is what the model sees; `meta` is for display only. */
export interface ToolOutcome {
  content: string;
  meta?: ToolMeta;
}

/** What the user is shown before a gated tool runs. */
export interface PermissionPreview {
  /** One line for a title: "Write src/app.ts", "Run npm test". */
  summary: string;
  /** Unified diff for writes and edits. */
  diff?: string;
  /** For run_command: what "allow for this conversation" remembers. */
  program?: string;
  /** For a tool of an MCP server: which server and tool (rules may pre-allow either). */
  mcp?: McpCallInfo;
  /** Why the change could not be undone afterwards (write_file over a file too large or not text). */
  notUndoable?: string;
}

/** Progress a long call reports while it runs (an MCP server's notifications/progress). */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
}

export interface RunHooks {
  /** Called as the call makes progress (the runner throttles what reaches the faces). */
  progress?(progress: ToolProgress): void;
}

/**
 * A call whose arguments were checked (paths resolved, edits matched, diffs
 * computed) and that is ready to run once permission is given. Nothing has
 * changed on disk yet.
 */
export interface PreparedCall {
  preview: PermissionPreview;
  /** This call asks first although its tool does not (read_file on a secret location); absent: the tool decides. */
  needsPermission?: boolean;
  run(hooks?: RunHooks): Promise<ToolOutcome>;
}

export interface ToolContext {
  guard: WorkspaceGuard;
  signal: AbortSignal;
  limits: ToolLimits;
  /** Environment for commands: without Punie's secrets (childEnv), on macOS with the login shell's PATH. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where whole text files are read and written; default the disk (`diskFiles`). */
  files?: FileAccess;
  /**
   * Called by write_file and edit_file just before they change a file, with
   * what it held; resolves once that is kept (the run's undo). Absent: the
   * change is not kept for undo. A failure stops the change.
   */
  recordChange?: (change: FileChange) => Promise<void>;
  /** How run_command runs a program; default a child process (`commandRunner.runCommand`). */
  runCommand?: (options: CommandOptions) => Promise<CommandResult>;
}

export interface Tool<S extends z.ZodType = z.ZodType> {
  /** A built-in's name (read_file, …) or an MCP tool's SERVER__TOOL. */
  name: string;
  /** Written for small local models: what it does, when to use it, what it returns. */
  description: string;
  schema: S;
  /** The arguments' JSON Schema as the model sees it, when it is not derived from `schema` (an MCP server's inputSchema). */
  parameters?: Record<string, unknown>;
  /** For a tool of an MCP server: the server and the tool's own name there. */
  mcp?: { server: string; tool: string };
  /** Gated tools ask the user (or a rule) before `run`. */
  needsPermission: boolean;
  /** Checks the arguments against the workspace; throws PunieError for anything the model should fix. */
  prepare(args: z.output<S>, ctx: ToolContext): Promise<PreparedCall>;
}
