import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ToolLimits } from '../../../electron/core/tools/toolLimits';
import { DEFAULT_TOOL_LIMITS } from '../../../electron/core/tools/toolLimits';
import type { ToolContext } from '../../../electron/core/tools/toolTypes';
import { createWorkspaceGuard } from '../../../electron/core/tools/workspaceGuard';

/**
 * Test helper: a temporary folder holding a workspace (`ws/`) and, beside
 * it, an outside folder (`outside/`) to try escaping to. Removed by cleanup().
 */
export interface TempWorkspace {
  /** The folder holding `ws` and `outside` (real path). */
  base: string;
  root: string;
  outside: string;
  write(rel: string, content: string | Uint8Array): Promise<string>;
  link(rel: string, target: string): Promise<string>;
  context(options?: { limits?: Partial<ToolLimits>; signal?: AbortSignal; deniedRoots?: string[] }): Promise<ToolContext>;
  cleanup(): Promise<void>;
}

export async function makeTempWorkspace(): Promise<TempWorkspace> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'punie-ws-')));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'top secret\n');
  return {
    base,
    root,
    outside,
    async write(rel, content) {
      const abs = join(root, rel);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, content);
      return abs;
    },
    async link(rel, target) {
      const abs = join(root, rel);
      await mkdir(dirname(abs), { recursive: true });
      await symlink(target, abs);
      return abs;
    },
    async context(options = {}) {
      return {
        guard: await createWorkspaceGuard({ root, deniedRoots: options.deniedRoots, homeDir: outside }),
        signal: options.signal ?? new AbortController().signal,
        limits: { ...DEFAULT_TOOL_LIMITS, ...options.limits },
        env: { ...process.env },
      };
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
