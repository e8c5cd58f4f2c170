import { join, win32 } from 'node:path';
import type { JsonValue } from './jsonc';

/**
 * Where each editor reads its ACP agents and what Punie's entry there says.
 * Zed: `agent_servers` in its settings.json (JSON with comments), an entry
 * of type `custom`. JetBrains IDEs: `agent_servers` in `~/.jetbrains/acp.json`.
 * Both name the agent "Punie" and start the installed `punie acp`. Pure.
 */

export type Editor = 'zed' | 'jetbrains';

export const EDITORS: readonly Editor[] = ['zed', 'jetbrains'];

export const EDITOR_NAMES: Record<Editor, string> = { zed: 'Zed', jetbrains: 'JetBrains IDEs' };

/** The key Punie's entry has in `agent_servers`, and the name the editor shows. */
export const AGENT_NAME = 'Punie';

/** How an editor starts `punie acp`: a program, its arguments, and variables it needs. */
export interface AgentLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Place {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function configPath(editor: Editor, place: Place): string {
  const windows = place.platform === 'win32';
  const joinPath = windows ? win32.join : join;
  if (editor === 'jetbrains') return joinPath(place.home, '.jetbrains', 'acp.json');
  if (windows) return win32.join(place.env.APPDATA || win32.join(place.home, 'AppData', 'Roaming'), 'Zed', 'settings.json');
  // Zed keeps its settings in ~/.config/zed on macOS too; on Linux it follows XDG_CONFIG_HOME.
  const base = place.platform === 'linux' && place.env.XDG_CONFIG_HOME ? place.env.XDG_CONFIG_HOME : join(place.home, '.config');
  return join(base, 'zed', 'settings.json');
}

export function agentEntry(editor: Editor, launch: AgentLaunch): { [key: string]: JsonValue } {
  const base = { command: launch.command, args: launch.args, env: { ...launch.env } };
  return editor === 'zed' ? { type: 'custom', ...base } : base;
}

/** The path in the file where the entry goes. */
export const ENTRY_PATH = ['agent_servers', AGENT_NAME] as const;
