import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomicFile';

/**
 * Which workspaces' `.mcp.json` files the user approved. A repository just
 * cloned can carry a `.mcp.json` whose servers run any program, so they are
 * never started until the user approves that exact file: the approval is
 * remembered per workspace (its real path) and per file content (a SHA-256),
 * so a changed file (a pull, or a model's write_file) asks again. Kept in
 * Punie's data folder, where no tool can write.
 */

export const APPROVALS_FILE = 'mcp-approvals.json';
/** Workspaces remembered; the least recently approved go first. */
const MAX_WORKSPACES = 500;

const approvalsSchema = z.object({
  version: z.literal(1),
  workspaces: z.record(z.string(), z.object({ sha256: z.string(), approvedAt: z.number() })),
});
type ApprovalsFile = z.infer<typeof approvalsSchema>;

export interface WorkspaceApprovals {
  /** Whether this exact text of the workspace's .mcp.json was approved. */
  isApproved(workspace: string, text: string, signal: AbortSignal): Promise<boolean>;
  approve(workspace: string, text: string, signal: AbortSignal): Promise<void>;
  /** Forgets the workspace's approval (its servers stop asking to run until approved again). */
  revoke(workspace: string, signal: AbortSignal): Promise<void>;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createWorkspaceApprovals(dataDir: string, now: () => number = Date.now): WorkspaceApprovals {
  const path = join(dataDir, APPROVALS_FILE);

  const load = async (signal: AbortSignal): Promise<ApprovalsFile> => {
    try {
      const parsed = approvalsSchema.safeParse(JSON.parse(await readFile(path, { encoding: 'utf8', signal })));
      if (parsed.success) return parsed.data;
    } catch (e) {
      if (signal.aborted) throw e;
    }
    // Missing or unreadable: nothing is approved (the safe reading).
    return { version: 1, workspaces: {} };
  };
  const save = (file: ApprovalsFile, signal: AbortSignal) => writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, signal, { createFolders: true });

  return {
    async isApproved(workspace, text, signal) {
      const file = await load(signal);
      return file.workspaces[await keyOf(workspace)]?.sha256 === contentHash(text);
    },
    async approve(workspace, text, signal) {
      const file = await load(signal);
      const key = await keyOf(workspace);
      delete file.workspaces[key];
      file.workspaces[key] = { sha256: contentHash(text), approvedAt: now() };
      const keys = Object.keys(file.workspaces);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_WORKSPACES))) delete file.workspaces[old];
      await save(file, signal);
    },
    async revoke(workspace, signal) {
      const file = await load(signal);
      const key = await keyOf(workspace);
      if (!(key in file.workspaces)) return;
      delete file.workspaces[key];
      await save(file, signal);
    },
  };
}

/** The workspace by its real path, so a symlinked path and the folder it names share one approval. */
async function keyOf(workspace: string): Promise<string> {
  return realpath(workspace).catch(() => workspace);
}
