import type { CommandOptions, CommandResult } from '../core/tools/commandRunner';
import type { FileAccess } from '../core/tools/fileAccess';
import { DEFAULT_TOOLS, createToolRegistry, type ToolRegistry } from '../core/tools/toolRegistry';
import type { Tool } from '../core/tools/toolTypes';
import type { WorkspaceGuard } from '../core/tools/workspaceGuard';

/**
 * A session's tools: Punie's own, each preparing and running with the
 * session's file access (the editor's, where it offers it, for the run's
 * workspace guard) and command
 * runner (the editor's terminal, where it offers one). Everything else of
 * the tool context (the workspace guard, the limits, the run's signal) is
 * the run's, unchanged.
 */
export function sessionTools(
  access: { files(guard: WorkspaceGuard): FileAccess; runCommand?: (o: CommandOptions) => Promise<CommandResult> },
  tools: readonly Tool[] = DEFAULT_TOOLS,
): ToolRegistry {
  const command = access.runCommand ? { runCommand: access.runCommand } : {};
  return createToolRegistry(tools.map((tool): Tool => ({ ...tool, prepare: (args, ctx) => tool.prepare(args, { ...ctx, files: access.files(ctx.guard), ...command }) })));
}
