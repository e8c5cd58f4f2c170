import { resolve } from 'node:path';
import type { Settings } from '../../shared/settings';
import { PunieError } from '../core/errors';

/**
 * Which folders main lets the renderer use as a workspace. A page cannot be
 * trusted to name one (a compromised page would pick `/`), so a folder is
 * allowed only when the user chose it in main's native folder dialog, when
 * it is in main's own list (the current workspace and the recent ones, which
 * only main writes), or when it is the workspace a conversation recorded (a
 * conversation's workspace was allowed when its first run started, and stays
 * allowed for that conversation). Paths are compared exactly, after `..` and
 * `.` are resolved: a subfolder or a neighbour is a different folder.
 */

export interface WorkspaceContext {
  /** The workspace the conversation being continued recorded; asked only when nothing else allows the folder. */
  conversationWorkspace?: () => Promise<string | undefined>;
}

export interface WorkspacePolicy {
  /** The user chose this folder in the native dialog (workspace.pick). */
  notePicked(path: string): void;
  /** Whether the renderer may use this folder as a workspace. */
  allows(path: string, context?: WorkspaceContext): Promise<boolean>;
  /** The folder, normalised, or `permission-denied` with what to do instead. */
  check(path: string, context?: WorkspaceContext): Promise<string>;
}

/** How many folders picked this session are remembered beyond the recent list. */
const MAX_PICKED = 100;

export function normaliseWorkspace(path: string): string {
  return resolve(path);
}

export function createWorkspacePolicy(deps: { settings: () => Pick<Settings, 'workspace' | 'recentWorkspaces'> }): WorkspacePolicy {
  const picked = new Set<string>();
  const known = (path: string): boolean => {
    if (picked.has(path)) return true;
    const s = deps.settings();
    if (s.workspace !== undefined && normaliseWorkspace(s.workspace) === path) return true;
    return s.recentWorkspaces.some((p) => normaliseWorkspace(p) === path);
  };
  const policy: WorkspacePolicy = {
    notePicked(path) {
      const p = normaliseWorkspace(path);
      picked.delete(p);
      picked.add(p);
      while (picked.size > MAX_PICKED) {
        const oldest = picked.values().next().value;
        if (oldest === undefined) break;
        picked.delete(oldest);
      }
    },
    async allows(path, context = {}) {
      const p = normaliseWorkspace(path);
      if (known(p)) return true;
      const recorded = await context.conversationWorkspace?.();
      return recorded !== undefined && normaliseWorkspace(recorded) === p;
    },
    async check(path, context = {}) {
      if (await policy.allows(path, context)) return normaliseWorkspace(path);
      throw new PunieError('permission-denied', `Punie has not been given ${path} as a workspace.`, {
        hint: 'Choose the folder with “Choose workspace…”; Punie only works in folders you picked there.',
      });
    },
  };
  return policy;
}
