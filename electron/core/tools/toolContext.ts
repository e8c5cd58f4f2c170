import { childEnv } from '../process/childEnv';
import { DEFAULT_TOOL_LIMITS, type ToolLimits } from './toolLimits';
import type { ToolContext } from './toolTypes';
import { createWorkspaceGuard } from './workspaceGuard';

export interface ToolContextOptions {
  workspace: string;
  /** Folders tools may never touch, even inside the workspace (Punie's data folder). */
  deniedRoots?: readonly string[];
  signal: AbortSignal;
  limits?: Partial<ToolLimits>;
  /** The environment commands start from; default this process's. Punie's secrets are always removed (childEnv). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Variables passed to commands although they would be withheld (Settings). */
  passEnv?: readonly string[];
}

/** Everything a tool needs for one run: the workspace guard, the run's signal, caps and the command environment. */
export async function createToolContext(options: ToolContextOptions): Promise<ToolContext> {
  const guard = await createWorkspaceGuard({ root: options.workspace, deniedRoots: options.deniedRoots });
  return {
    guard,
    signal: options.signal,
    limits: { ...DEFAULT_TOOL_LIMITS, ...options.limits },
    env: await childEnv({ ...(options.env ? { base: options.env } : {}), ...(options.passEnv ? { pass: options.passEnv } : {}) }),
  };
}
